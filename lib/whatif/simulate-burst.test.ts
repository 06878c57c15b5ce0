import { describe, expect, it } from "vitest";
import { simulateBurst, splitBySpill, type BurstInput } from "./simulate-burst";
import { WhatIfInputError } from "./whatif-inputs";

const at = (iso: string) => new Date(iso);
const burst = (over: Partial<BurstInput["burst"]> = {}) => ({ localModel: "qwen-local", cloudModel: "gpt-5-mini", hourlyCostUsd: "1.25", ...over });

describe("simulateBurst, worked by hand", () => {
  it("rate capacity: 0.01 req/s is 36 requests an hour; the excess of each hour spills", () => {
    const r = simulateBurst({
      burst: burst({ capacityRps: 0.01 }),
      range: { from: at("2026-03-01T10:00:00Z"), to: at("2026-03-01T12:00:00Z") },
      loads: [
        { move: 0, hour: at("2026-03-01T10:00:00Z"), requests: 20, outputTokensPerRequest: 100 },
        { move: 1, hour: at("2026-03-01T11:00:00Z"), requests: 60, outputTokensPerRequest: 100 },
        { move: 2, hour: at("2026-03-01T11:00:00Z"), requests: 30, outputTokensPerRequest: 300 },
      ],
    });
    // 10:00: 20 of 36 -> all local. 11:00: 90 of 36 -> utilisation 2.5, 40% local (36), 54 spill.
    expect(r.hours.map((h) => [h.hour.toISOString(), h.requests, h.capacityRequests, h.utilisation, h.localFraction, h.spilledRequests])).toEqual([
      ["2026-03-01T10:00:00.000Z", 20, 36, 20 / 36, 1, 0],
      ["2026-03-01T11:00:00.000Z", 90, 36, 2.5, 0.4, 54],
    ]);
    expect([...r.localFractionOfMove]).toEqual([[0, 1], [1, 0.4], [2, 0.4]]);
    expect([r.requests, r.spilledRequests, r.spilledShare]).toEqual([110, 54, 54 / 110]);
    expect(r.peakHours.map((h) => h.hour.toISOString())).toEqual(["2026-03-01T11:00:00.000Z", "2026-03-01T10:00:00.000Z"]);
    // The machine is paid for both hours: 2 x $1.25.
    expect([r.hardwareHours, r.hardwareCostNano]).toEqual(["2", 2_500_000_000n]);
  });

  it("concurrency capacity: busy-seconds from the measured TTFT and tokens/s (Little's law)", () => {
    // Service time: mean TTFT (400, 600) = 0.5 s, plus 100 tokens x mean(1/50, 1/100) = 1.5 s: 2 s a request.
    // 2 in flight x 3600 s = 7200 busy-seconds = 3600 requests; 4800 asked: 3/4 local, 1200 spill.
    const input: BurstInput = {
      burst: burst({ capacityConcurrent: 2 }),
      range: { from: at("2026-03-01T10:00:00Z"), to: at("2026-03-01T11:00:00Z") },
      loads: [{ move: 7, hour: at("2026-03-01T10:00:00Z"), requests: 4800, outputTokensPerRequest: 100 }],
      localLatency: { ttftMs: [400, 600], outputTokensPerSec: [50, 100], runIds: ["run-q"] },
    };
    const r = simulateBurst(input);
    expect(r.capacity).toEqual({ kind: "concurrent", concurrent: 2, meanTtftMs: 500, meanSecondsPerToken: 0.015, runIds: ["run-q"] });
    expect(r.hours[0]).toMatchObject({ requests: 4800, utilisation: 4 / 3, localFraction: 0.75, spilledRequests: 1200 });
    expect(r.hours[0]!.capacityRequests).toBeCloseTo(3600, 9);
    expect(r.hardwareCostNano).toBe(1_250_000_000n);
  });

  it("counts only the part of a partial hour inside the range, and bills the range's exact length", () => {
    const r = simulateBurst({
      burst: burst({ capacityRps: 1, hourlyCostUsd: "0.000000001" }),
      range: { from: at("2026-03-01T10:30:00Z"), to: at("2026-03-01T11:00:00Z") },
      loads: [{ move: 0, hour: at("2026-03-01T10:00:00Z"), requests: 3600, outputTokensPerRequest: 1 }],
    });
    expect(r.hours[0]).toMatchObject({ capacityRequests: 1800, localFraction: 0.5, spilledRequests: 1800 });
    expect([r.hardwareHours, r.hardwareCostNano]).toEqual(["0.5", 0n]); // half a nano-dollar rounds to even: 0
  });

  it("refuses a concurrency capacity without the local model's measured latency", () => {
    expect(() => simulateBurst({ burst: burst({ capacityConcurrent: 2 }), range: { from: at("2026-03-01T10:00:00Z"), to: at("2026-03-01T11:00:00Z") }, loads: [] })).toThrow(WhatIfInputError);
  });
});

describe("splitBySpill", () => {
  it("splits a move's counts by the local fraction, exactly", () => {
    const moved = { requests: 90, inputTokens: 9000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 900, reasoningTokens: 0 };
    const [local, spilled] = splitBySpill(moved, 0.4);
    expect(local).toEqual({ requests: 36, inputTokens: 3600, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 360, reasoningTokens: 0 });
    expect(spilled.inputTokens + local.inputTokens).toBe(9000);
    expect(splitBySpill(moved, 1)[1].inputTokens).toBe(0);
  });
});
