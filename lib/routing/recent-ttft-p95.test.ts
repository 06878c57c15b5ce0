import { describe, expect, it } from "vitest";
import { encodeTtftSample, recentTtftP95 } from "./recent-ttft-p95";

const NOW = 1_000_000;
const opts = { maxAgeMs: 60_000, minSamples: 10 };

describe("recentTtftP95", () => {
  it("is the p95 of the recent samples", () => {
    const samples = Array.from({ length: 20 }, (_, i) => encodeTtftSample(NOW - i * 100, (i + 1) * 10));
    // 10..200 ms: p95 at index 18.05 of the sorted 20.
    expect(recentTtftP95(samples, NOW, opts)).toBeCloseTo(190.5, 6);
  });

  it("is null with fewer than minSamples recent ones: old samples do not count", () => {
    const fresh = Array.from({ length: 9 }, () => encodeTtftSample(NOW - 1000, 900));
    const old = Array.from({ length: 50 }, () => encodeTtftSample(NOW - 61_000, 900));
    expect(recentTtftP95([...fresh, ...old], NOW, opts)).toBeNull();
    expect(recentTtftP95([...fresh, encodeTtftSample(NOW, 900)], NOW, opts)).toBe(900);
  });

  it("skips what is not a sample instead of reading it as one", () => {
    const good = Array.from({ length: 10 }, () => encodeTtftSample(NOW, 100));
    expect(recentTtftP95([...good, "garbage", ":5", `${NOW}:`, "x:9", `${NOW}:-3`, `${NOW}:1e400`, `${NOW}:5.5`], NOW, opts)).toBe(100);
  });

  it("rounds what it stores to whole milliseconds, never below zero", () => {
    expect(encodeTtftSample(1.6, 2.4)).toBe("2:2");
    expect(encodeTtftSample(5, -1)).toBe("5:0");
  });
});
