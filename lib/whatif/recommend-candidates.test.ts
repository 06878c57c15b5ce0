import { describe, expect, it } from "vitest";
import { percentOf, recommendCandidates, type RecommendInput } from "./recommend-candidates";
import { IDENTITY_RATIOS } from "./token-ratio";
import type { LatencyProfile, MeasuredPassRate } from "./whatif-inputs";
import { catalog as baseCatalog, catalogOf, cell, model, price } from "@/tests/support/whatif-fixtures";

const catalog = catalogOf(...baseCatalog.values(), model("gpt-5-pro", "openai", [price("2025-01-01T00:00:00Z", "15", "120")], { tier: "premium" }));
const rate = (passed: number, graded: number): MeasuredPassRate => ({ passed, graded, runIds: [`run-${passed}-${graded}`] });
const lat = (ttft: number): LatencyProfile => ({ ttftMs: Array.from({ length: 20 }, () => ttft), outputTokensPerSec: [100], runIds: ["r"] });
const quality = new Map([
  ["s1", new Map([["gpt-5", rate(90, 100)], ["gpt-5-mini", rate(88, 100)], ["gpt-5-nano", rate(50, 100)], ["claude-haiku-4.5", rate(95, 100)], ["qwen-local", rate(86, 100)], ["later", rate(99, 100)], ["gpt-5-pro", rate(99, 100)]])],
  ["s2", new Map([["gpt-5", rate(40, 50)], ["gpt-5-mini", rate(39, 50)], ["gpt-5-nano", rate(40, 50)], ["claude-haiku-4.5", rate(40, 50)], ["qwen-local", rate(40, 50)], ["later", rate(40, 50)], ["gpt-5-pro", rate(50, 50)], ["gemini-3-flash", rate(50, 50)]])],
]);
const latency = new Map([
  ["gpt-5", lat(1000)], ["gpt-5-mini", lat(800)], ["gpt-5-nano", lat(300)], ["claude-haiku-4.5", lat(1300)], ["gemini-3-flash", lat(500)],
  ["later", lat(500)], ["gpt-5-pro", lat(900)],
]);
const input = (over: Partial<RecommendInput> = {}): RecommendInput => ({
  cells: [cell(), cell({ hour: new Date("2026-03-01T11:00:00Z") })],
  catalog, quality, latency, ratios: () => IDENTITY_RATIOS,
  params: { qualityRetainedPercent: 95, latencyWithinPercent: 20, minSpendNano: 1n },
  ...over,
});

describe("recommendCandidates", () => {
  it("ranks the candidates that keep quality and latency by exact saving, and says why every other one is out", () => {
    const { recommendations } = recommendCandidates(input());
    expect(recommendations).toHaveLength(1);
    const [r] = recommendations;
    expect(r).toMatchObject({ projectId: "p1", requestedModel: "gpt-5", requests: 20, baselineNano: 85_000_000n, current: { p95TtftMs: 1000 } });
    // gpt-5-mini per cell: 8,000 plain x $0.25 + 2,000 cached x $0.025 + 3,000 out x $2 per 1M = $0.00805 (cached carried: same provider).
    expect(r!.candidates.map((c) => c.model)).toEqual(["gpt-5-mini"]);
    expect(r!.candidates[0]).toMatchObject({ simulatedNano: 16_100_000n, savingNano: 68_900_000n, savingPercent: "81.06", qualityRetainedPercent: "97.50", p95TtftMs: 800, p95ChangePercent: "-20.00" });
    expect(r!.candidates[0]!.suites).toEqual([
      { suiteId: "s1", currentPassRate: 0.9, candidatePassRate: 0.88, retainedPercent: "97.78" },
      { suiteId: "s2", currentPassRate: 0.8, candidatePassRate: 0.78, retainedPercent: "97.50" },
    ]);
    const why = Object.fromEntries(r!.excluded.map((e) => [e.model, e.reason]));
    expect(why).toEqual({
      "claude-haiku-4.5": "over-latency", // 1300 ms > 1000 x 1.2
      "gemini-3-flash": "unmeasured-quality", // measured on s2 only, never treated as equal on s1
      "gpt-5-nano": "below-quality", // 50% against 90% on s1
      "gpt-5-pro": "not-cheaper",
      later: "no-price", // its first price starts in June
      "qwen-local": "unmeasured-latency",
    });
    expect(r!.excluded.find((e) => e.model === "gemini-3-flash")!.detail).toContain("suite s1");
  });

  it("ranks several qualifying candidates by saving, largest first", () => {
    const lenient = recommendCandidates(input({ params: { qualityRetainedPercent: 50, latencyWithinPercent: 50, minSpendNano: 1n } })).recommendations[0]!;
    const models = lenient.candidates.map((c) => c.model);
    expect(models).toEqual(["gpt-5-nano", "gpt-5-mini", "claude-haiku-4.5"]);
    const savings = lenient.candidates.map((c) => c.savingNano);
    expect([...savings].sort((a, b) => (a > b ? -1 : 1))).toEqual(savings);
  });

  it("compares nothing when the requested model itself is unmeasured", () => {
    const onlyCandidates = new Map([["s1", new Map([["gpt-5-mini", rate(9, 10)], ["gpt-5-nano", rate(9, 10)]])]]);
    const r = recommendCandidates(input({ quality: onlyCandidates })).recommendations[0]!;
    expect(r.candidates).toEqual([]);
    expect(new Set(r.excluded.map((e) => e.reason))).toEqual(new Set(["current-unmeasured-quality"]));
  });

  it("leaves unpriced traffic out of the spend and counts it; groups under the floor are counted, not listed", () => {
    const out = recommendCandidates(input({
      cells: [cell(), cell({ priced: false, costNano: 0n, requests: 4 }), cell({ projectId: "p2", costNano: 5n })],
      params: { qualityRetainedPercent: 95, latencyWithinPercent: 20, minSpendNano: 1_000n },
    }));
    expect(out.recommendations.map((r) => [r.projectId, r.requests, r.unpricedRequests, r.baselineNano])).toEqual([["p1", 10, 4, 42_500_000n]]);
    expect(out.belowFloor).toEqual({ groups: 1, baselineNano: 5n });
  });

  it("accepts any measured candidate when the requested model passes nothing, without a percent of zero", () => {
    const zero = new Map([["s1", new Map([["gpt-5", rate(0, 10)], ["gpt-5-mini", rate(0, 10)]])]]);
    const r = recommendCandidates(input({ quality: zero, candidates: ["gpt-5-mini"] })).recommendations[0]!;
    expect(r.candidates.map((c) => [c.model, c.qualityRetainedPercent])).toEqual([["gpt-5-mini", null]]);
  });

  it("groups by project and requested model: the served model is the re-priced source", () => {
    // A fallback served by gpt-5-mini inside the gpt-5 group costs the same there: only the gpt-5 cell saves.
    const cells = [cell(), cell({ servedModel: "gpt-5-mini", costNano: 8_050_000n })];
    const r = recommendCandidates(input({ cells, candidates: ["gpt-5-mini"] })).recommendations[0]!;
    expect(r.candidates[0]).toMatchObject({ simulatedNano: 16_100_000n, savingNano: 34_450_000n });
  });
});

describe("percentOf", () => {
  it("rounds half to even at 2 decimals", () => {
    expect(percentOf(1n, 8n)).toBe("12.50");
    expect(percentOf(1n, 3n)).toBe("33.33");
    expect(percentOf(1n, 80_000n)).toBe("0.00");
    expect(percentOf(5n, 5n)).toBe("100.00");
  });
});
