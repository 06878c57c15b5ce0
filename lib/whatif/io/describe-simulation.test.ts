import { describe, expect, it } from "vitest";
import { nanoToUsd } from "@/lib/money/nano-usd";
import { catalog, cell } from "@/tests/support/whatif-fixtures";
import { tokenRatioLookup } from "../measure-token-ratios";
import { scenarioSchema, type ScenarioInput } from "../scenario-schema";
import { simulateScenario, type ScenarioData } from "../simulate-scenario";
import { resultHeadline, simulationDetails, toJsonValue } from "./describe-simulation";

const hour = (h: number) => new Date(Date.UTC(2026, 2, 1, h));
const rate = (passed: number) => ({ passed, graded: 100, runIds: [`run-${passed}`] });
const data: ScenarioData = {
  profile: { from: hour(0), to: hour(2), cells: [cell({ hour: hour(0) }), cell({ hour: hour(1), projectId: "p2", requests: 20, costNano: 85_000_000n })] },
  catalog,
  quality: new Map([["s1", new Map([["gpt-5", rate(90)], ["gpt-5-mini", rate(81)]])]]),
  latency: new Map([["gpt-5", { ttftMs: [800], outputTokensPerSec: [50], runIds: ["l1"] }], ["gpt-5-mini", { ttftMs: [300], outputTokensPerSec: [100], runIds: ["l2"] }]]),
  ratios: tokenRatioLookup([]),
};
const scenario = (over: Partial<ScenarioInput>) => scenarioSchema.parse({ name: "t", range: { from: "2026-03-01T00:00:00Z", to: "2026-03-01T02:00:00Z" }, rules: [], ...over });
const context = { traffic: { from: hour(0), to: hour(2), cells: 2, groups: 2, notRerouted: { cacheHits: 1, failedWithoutUsage: 0 } }, inputs: { runs: [], ratioPairs: [] }, seed: 1, scope: [] };

describe("a simulation as the result row stores it", () => {
  const moved = simulateScenario(scenario({ rules: [{ sharePercent: 100, target: { model: "gpt-5-mini" }, suiteId: "s1" }] }), data);

  it("puts the exact totals, the pass-rate change and the p95 change in the headline", () => {
    const h = resultHeadline(moved);
    expect(h.baselineCostUsd).toBe(nanoToUsd(moved.cost.totals.baselineNano));
    expect(h.baselineCostUsd).toBe("0.127500000");
    expect(h.simulatedCostUsd).toBe(nanoToUsd(moved.cost.totals.simulatedNano));
    expect([h.simulatedLowCostUsd, h.simulatedHighCostUsd]).toEqual([nanoToUsd(moved.cost.totals.lowNano), nanoToUsd(moved.cost.totals.highNano)]);
    expect(h.qualityDelta).toBe("-0.0900");
    // One TTFT and one speed sample per model: before 800 + 300 x 1000/50 = 6800 ms, after 300 + 300 x 1000/100 = 3300 ms.
    expect(h.latencyDeltaMs).toBe(-3500);
  });

  it("says 0 for quality when nothing changes model, and null when a target is unmeasured", () => {
    expect(resultHeadline(simulateScenario(scenario({ rules: [{ sharePercent: 100, target: { model: "gpt-5" } }] }), data)).qualityDelta).toBe("0");
    const unmeasured = resultHeadline(simulateScenario(scenario({ rules: [{ sharePercent: 100, target: { model: "gpt-5-nano" }, suiteId: "s1" }] }), data));
    expect(unmeasured.qualityDelta).toBeNull();
    expect(unmeasured.latencyDeltaMs).toBeNull();
  });

  it("stores plain JSON: nano-dollars as integer strings, dates as ISO strings, no per-cell working state", () => {
    const details = simulationDetails(moved, context);
    expect(JSON.parse(JSON.stringify(details))).toEqual(details);
    expect(details.cost.totals.baselineNano).toBe("127500000");
    expect(details.cost.byDay.map((d) => d.key)).toEqual(["2026-03-01"]);
    expect(details.traffic).toEqual({ from: "2026-03-01T00:00:00.000Z", to: "2026-03-01T02:00:00.000Z", cells: 2, groups: 2, notRerouted: { cacheHits: 1, failedWithoutUsage: 0 } });
    expect(details.movedCells).toBe(2);
    expect(details).not.toHaveProperty("plan");
    expect(details.burst).toBeNull();
  });

  it("converts maps, typed arrays and bigints anywhere in a value", () => {
    expect(toJsonValue({ m: new Map([["a", 1n]]), t: new Int32Array([1, -1]), d: new Date(0), u: undefined })).toEqual({ m: { a: "1" }, t: [1, -1], d: "1970-01-01T00:00:00.000Z" });
  });
});
