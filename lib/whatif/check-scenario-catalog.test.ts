import { describe, expect, it } from "vitest";
import { checkScenarioAgainstCatalog } from "./check-scenario-catalog";
import { scenarioSchema, type ScenarioInput } from "./scenario-schema";
import { catalog } from "@/tests/support/whatif-fixtures";

const scenario = (over: Partial<ScenarioInput> = {}) =>
  scenarioSchema.parse({ name: "s", range: { from: "2026-03-01T10:30:00Z", to: "2026-03-02T00:00:00Z" }, rules: [{ sharePercent: 50, target: { model: "gpt-5-mini" } }], ...over });
const check = (over: Partial<ScenarioInput> = {}) => checkScenarioAgainstCatalog(scenario(over), catalog, new Set(["suite-1"]));

describe("checkScenarioAgainstCatalog", () => {
  it("accepts known, priced models and known suites", () => {
    expect(check()).toEqual([]);
    expect(check({ rules: [{ sharePercent: 10, target: { cheapestWhere: { suiteId: "suite-1", minPassRate: 0.8, maxP95TtftMs: 900 } } }, { sharePercent: 100, target: { model: "qwen-local" } }], localBurst: { localModel: "qwen-local", capacityRps: 3, hourlyCostUsd: "0.9", cloudModel: "gpt-5-nano" } })).toEqual([]);
  });

  it("names the rule and field of an unknown model, an unpriced target and an unknown suite", () => {
    expect(check({ rules: [{ sharePercent: 50, target: { model: "gpt-9" } }, { sharePercent: 50, target: { model: "later" } }, { sharePercent: 5, target: { cheapestWhere: { suiteId: "nope", minPassRate: 0.5, maxP95TtftMs: 100 } } }, { sharePercent: 5, target: { model: "gpt-5" }, suiteId: "gone" }] })).toEqual([
      { path: ["rules", 0, "target", "model"], message: 'unknown model "gpt-9": not in the organisation\'s catalog' },
      { path: ["rules", 1, "target", "model"], message: 'model "later" has no price in effect from 2026-03-01T10:00:00.000Z (the start of the range): add a price version, or start the range later' },
      { path: ["rules", 2, "target", "cheapestWhere", "suiteId"], message: 'unknown benchmark suite "nope"' },
      { path: ["rules", 3, "suiteId"], message: 'unknown benchmark suite "gone"' },
    ]);
  });

  it("needs a local model to burst from and a priced cloud model to burst to", () => {
    const rules = [{ sharePercent: 100, target: { model: "gpt-5" } }];
    expect(check({ rules, localBurst: { localModel: "gpt-5", capacityRps: 1, hourlyCostUsd: "1", cloudModel: "qwen-local" } })).toEqual([
      { path: ["localBurst", "localModel"], message: 'model "gpt-5" is not a local model' },
      { path: ["localBurst", "cloudModel"], message: 'model "qwen-local" is local: traffic above capacity must spill to a cloud model' },
    ]);
    expect(check({ rules: [{ sharePercent: 100, target: { model: "qwen-local" } }], localBurst: { localModel: "qwen-local", capacityRps: 1, hourlyCostUsd: "1", cloudModel: "later" } })[0]!.path).toEqual(["localBurst", "cloudModel"]);
  });
});
