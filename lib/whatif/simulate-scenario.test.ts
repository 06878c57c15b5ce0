import { describe, expect, it } from "vitest";
import { tokenRatioLookup } from "./measure-token-ratios";
import { scenarioSchema, type ScenarioInput } from "./scenario-schema";
import { simulateScenario, type ScenarioData } from "./simulate-scenario";
import type { TrafficProfile } from "./traffic-profile";
import { catalog, cell } from "@/tests/support/whatif-fixtures";

const hour = (h: number) => new Date(Date.UTC(2026, 2, 1, h));
const profile: TrafficProfile = {
  from: hour(0),
  to: hour(3),
  cells: [
    cell({ projectId: "support", hour: hour(0) }),
    cell({ projectId: "support", hour: hour(1), requests: 20, costNano: 85_000_000n }),
    cell({ projectId: "batch", tags: ["batch"], hour: hour(1), requests: 100, inputTokens: 100_000, cachedInputTokens: 0, outputTokens: 20_000, reasoningTokens: 0, costNano: 325_000_000n }),
    cell({ projectId: "batch", tags: ["batch"], hour: hour(2), requests: 10, inputTokens: 10_000, cachedInputTokens: 0, outputTokens: 2_000, reasoningTokens: 0, costNano: 32_500_000n }),
    cell({ projectId: "other", hour: hour(2), priced: false, costNano: 0n }),
  ],
};
const rate = (passed: number) => ({ passed, graded: 100, runIds: [`run-${passed}`] });
const ttft = (ms: number, tps: number) => ({ ttftMs: [ms], outputTokensPerSec: [tps], runIds: [`lat-${ms}`] });
const data: ScenarioData = {
  profile,
  catalog,
  quality: new Map([["s1", new Map([["gpt-5", rate(90)], ["gpt-5-mini", rate(85)], ["gpt-5-nano", rate(70)], ["claude-haiku-4.5", rate(88)], ["qwen-local", rate(60)]])]]),
  latency: new Map([["gpt-5", ttft(800, 50)], ["gpt-5-mini", ttft(300, 100)], ["gpt-5-nano", ttft(200, 150)], ["claude-haiku-4.5", ttft(600, 80)], ["qwen-local", ttft(100, 40)]]),
  ratios: tokenRatioLookup([]),
};
const scenario = (over: Partial<ScenarioInput>) => scenarioSchema.parse({ name: "t", range: { from: "2026-03-01T00:00:00Z", to: "2026-03-01T03:00:00Z" }, rules: [], ...over });

describe("simulateScenario", () => {
  const s = scenario({
    rules: [
      { name: "support to the cheapest good model", match: { projectIds: ["support"] }, sharePercent: 100, target: { cheapestWhere: { suiteId: "s1", minPassRate: 0.8, maxP95TtftMs: 700 } } },
      { name: "batch local first", match: { tags: ["batch"] }, sharePercent: 100, target: { model: "qwen-local" }, suiteId: "s1" },
    ],
    localBurst: { localModel: "qwen-local", capacityRps: 0.01, hourlyCostUsd: "0.5", cloudModel: "gpt-5-nano" },
  });
  const r = simulateScenario(s, data);

  it("resolves cheapestWhere to the cheapest qualifying model and records why the others lost", () => {
    // mini (0.85, 300 ms) and haiku (0.88, 600 ms) qualify; nano is below 0.8; mini is cheaper.
    expect(r.targets.map((t) => t.target)).toEqual(["gpt-5-mini", "qwen-local"]);
    expect(r.targets[0]!.choice).toMatchObject({ kind: "chosen", model: "gpt-5-mini" });
    const excluded = Object.fromEntries(r.targets[0]!.choice!.candidates.map((c) => [c.model, c.excluded]));
    expect(excluded).toMatchObject({ "gpt-5-nano": "below-pass-rate", "claude-haiku-4.5": null, later: "unmeasured-quality" });
    expect(excluded).not.toHaveProperty("qwen-local"); // local models are not cost candidates
  });

  it("bursts the batch traffic above local capacity to the cloud and bills the machine's hours", () => {
    // 36 requests an hour fit: hour 1 has 100 (36% local), hour 2 has 10 (all local); 3 hours x $0.50.
    expect(r.burst!.hours.map((h) => [h.hour.getUTCHours(), h.requests, h.localFraction])).toEqual([[1, 100, 0.36], [2, 10, 1]]);
    expect(r.burst!.spilledRequests).toBe(64);
    expect(r.cost.totals.hardwareNano).toBe(1_500_000_000n);
    // The spill: 64 of hour 1's requests at nano, 64k input x 0.05 + 12.8k output x 0.4 per 1M = 0.0032 + 0.00512
    expect(r.cost.byRule.find((x) => x.key === 1)!.simulatedNano).toBe(8_320_000n);
  });

  it("keeps the baseline the ledger and every figure on the same plan", () => {
    expect(r.cost.totals.baselineNano).toBe(42_500_000n + 85_000_000n + 325_000_000n + 32_500_000n);
    expect(r.cost.totals).toMatchObject({ unpricedCells: 1, unpricedRequests: 10 });
    expect(r.quality.byRule.map((q) => q.status)).toEqual(["measured", "measured"]);
    expect(r.quality.overall.status).toBe("measured");
    expect(r.latency.overall.after).not.toBeNull();
    expect(r.latency.byRule.map((l) => l.rule)).toEqual([0, 1]);
  });

  it("reproduces the ledger for the identity scenario, whatever the ratios and adjustments", () => {
    const identity = simulateScenario(scenario({ rules: [{ match: { requestedModels: ["gpt-5"] }, sharePercent: 100, target: { model: "gpt-5" } }], adjustments: { carryCachedInput: true } }), data);
    expect(identity.cost.totals.simulatedNano).toBe(identity.cost.totals.baselineNano);
    expect([identity.cost.totals.lowNano, identity.cost.totals.highNano]).toEqual([identity.cost.totals.baselineNano, identity.cost.totals.baselineNano]);
    expect(identity.quality.overall).toEqual({ status: "unchanged" });
    expect(identity.latency.overall.after).toEqual(identity.latency.overall.before);
  });

  it("moves nothing when no candidate qualifies, and says so", () => {
    const none = simulateScenario(scenario({ rules: [{ sharePercent: 100, target: { cheapestWhere: { suiteId: "s1", minPassRate: 0.99, maxP95TtftMs: 100 } } }] }), data);
    expect(none.targets[0]).toMatchObject({ target: null, choice: { kind: "no-candidate" } });
    expect(none.cost.totals.simulatedNano).toBe(none.cost.totals.baselineNano);
  });
});
