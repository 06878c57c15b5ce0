import { describe, expect, it } from "vitest";
import { formatDuration, formatLatencyMs, formatPercent, formatPercentInterval, formatRate, formatWhen } from "./format-metric";
import { describeRunProgress, isActiveStatus, progressFraction } from "./run-progress";

describe("benchmark number formats", () => {
  it("shows latency with a decimal only below 100 ms", () => {
    expect(formatLatencyMs(4.24)).toBe("4.2 ms");
    expect(formatLatencyMs(99.96)).toBe("100 ms");
    expect(formatLatencyMs(1234.5)).toBe("1,234 ms");
    expect(formatLatencyMs(null)).toBe("–");
    expect(formatLatencyMs(Number.NaN)).toBe("–");
  });
  it("shows rates with fewer decimals as they grow", () => {
    expect(formatRate(0.853, "requests/s")).toBe("0.85 requests/s");
    expect(formatRate(42.26, "tokens/s")).toBe("42.3 tokens/s");
    expect(formatRate(1530.4, "tokens/s")).toBe("1,530 tokens/s");
    expect(formatRate(null, "tokens/s")).toBe("–");
  });
  it("shows shares and intervals as percents", () => {
    expect(formatPercent(0.8571)).toBe("85.7%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(null)).toBe("–");
    expect(formatPercentInterval(0.781, 0.9323)).toBe("78.1–93.2%");
    expect(formatPercentInterval(null, 0.5)).toBe("–");
  });
  it("shows durations in s, min and h", () => {
    expect(formatDuration(8_200)).toBe("8 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(3_780_000)).toBe("1 h 3 min");
    expect(formatDuration(-1)).toBe("–");
  });
  it("shows timestamps in UTC like the rest of the app", () => {
    expect(formatWhen("2026-12-02T14:05:09.000Z")).toBe("2026-12-02 14:05");
    expect(formatWhen(null)).toBe("–");
    expect(formatWhen("garbage")).toBe("–");
  });
});

describe("run progress", () => {
  it("says how far a running run is and how long is left", () => {
    expect(describeRunProgress("running", { done: 12, total: 20, elapsedMs: 8_000, etaMs: 5_300 })).toBe("12 of 20 · 8 s elapsed · ~5 s left");
    expect(describeRunProgress("running", { done: 0, total: 20, elapsedMs: 1_000, etaMs: null })).toBe("0 of 20 · 1 s elapsed");
    expect(describeRunProgress("queued", { done: 0, total: 1200, elapsedMs: 0, etaMs: null })).toBe("Queued · 0 of 1,200");
    expect(describeRunProgress("succeeded", { done: 20, total: 20, elapsedMs: 16_000, etaMs: null })).toBe("20 of 20 · took 16 s");
  });
  it("gives the bar a fraction between 0 and 1", () => {
    expect(progressFraction({ done: 5, total: 20, elapsedMs: 0, etaMs: null })).toBe(0.25);
    expect(progressFraction({ done: 5, total: 0, elapsedMs: 0, etaMs: null })).toBe(0);
    expect(progressFraction({ done: 25, total: 20, elapsedMs: 0, etaMs: null })).toBe(1);
  });
  it("knows which runs are still active", () => {
    expect(["queued", "running", "succeeded", "failed", "cancelled"].filter(isActiveStatus)).toEqual(["queued", "running"]);
  });
});
