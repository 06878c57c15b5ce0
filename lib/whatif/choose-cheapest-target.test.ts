import { describe, expect, it } from "vitest";
import { chooseCheapestTarget, p95TtftOf, type CheapestInput } from "./choose-cheapest-target";
import type { LatencyTable, QualityTable } from "./whatif-inputs";

const rate = (passed: number, graded: number) => ({ passed, graded, runIds: ["run"] });
const quality: QualityTable = new Map([
  ["s1", new Map([["cheap-bad", rate(50, 100)], ["mid-good", rate(92, 100)], ["pricey-good", rate(95, 100)], ["slow-good", rate(99, 100)], ["no-latency", rate(99, 100)], ["unpriced", rate(99, 100)], ["tie-a", rate(90, 100)], ["tie-b", rate(91, 100)]])],
]);
const ttft = (...ms: number[]) => ({ ttftMs: ms, outputTokensPerSec: [50], runIds: ["run"] });
const latency: LatencyTable = new Map([
  ["cheap-bad", ttft(100)], ["mid-good", ttft(100, 200, 300)], ["pricey-good", ttft(100)], ["slow-good", ttft(100, 2000)], ["unpriced", ttft(100)], ["tie-a", ttft(100)], ["tie-b", ttft(100)],
]);
const costs: Record<string, bigint | null> = { "cheap-bad": 1n, "mid-good": 50n, "pricey-good": 90n, "slow-good": 2n, "no-latency": 2n, unpriced: null, "unmeasured": 1n, "tie-a": 50n, "tie-b": 50n };
const input = (candidates: string[], criteria: Partial<CheapestInput["criteria"]> = {}): CheapestInput => ({
  criteria: { suiteId: "s1", minPassRate: 0.9, maxP95TtftMs: 500, ...criteria }, candidates, quality, latency, costOf: (m) => costs[m] ?? null,
});

describe("chooseCheapestTarget", () => {
  it("picks the cheapest model that is measured good enough and fast enough", () => {
    const r = chooseCheapestTarget(input(["cheap-bad", "mid-good", "pricey-good", "slow-good", "no-latency", "unpriced", "unmeasured"]));
    expect(r).toMatchObject({ kind: "chosen", model: "mid-good", costNano: 50n, passRate: 0.92, p95TtftMs: 290 });
    expect(Object.fromEntries(r.candidates.map((c) => [c.model, c.excluded]))).toEqual({
      "cheap-bad": "below-pass-rate", "mid-good": null, "no-latency": "unmeasured-latency", "pricey-good": null, "slow-good": "over-p95-ttft", unmeasured: "unmeasured-quality", unpriced: "no-price",
    });
  });

  it("breaks a price tie by the higher pass rate, then the alias", () => {
    expect(chooseCheapestTarget(input(["tie-a", "tie-b", "mid-good"]))).toMatchObject({ model: "mid-good" });
    expect(chooseCheapestTarget(input(["tie-a", "tie-b"]))).toMatchObject({ model: "tie-b" });
  });

  it("says clearly when no candidate qualifies, and why", () => {
    const r = chooseCheapestTarget(input(["cheap-bad", "slow-good", "unmeasured"], { minPassRate: 0.95 }));
    expect(r.kind).toBe("no-candidate");
    if (r.kind === "no-candidate") expect(r.reason).toBe("no candidate: none of 3 models has a measured pass rate of at least 0.95 on suite s1, a measured p95 TTFT of at most 500 ms and a price (1 below-pass-rate, 1 over-p95-ttft, 1 unmeasured-quality)");
    expect(chooseCheapestTarget(input([], {}))).toMatchObject({ kind: "no-candidate", reason: expect.stringMatching(/no models to consider/) });
    expect(chooseCheapestTarget(input(["mid-good"], { suiteId: "other" }))).toMatchObject({ kind: "no-candidate", candidates: [{ excluded: "unmeasured-quality" }] });
  });
});

describe("p95TtftOf", () => {
  it("is numpy's linear percentile of the samples, or null without any", () => {
    expect(p95TtftOf(latency, "slow-good")).toBeCloseTo(1905, 9);
    expect(p95TtftOf(latency, "nothing")).toBeNull();
  });
});
