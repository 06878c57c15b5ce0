import { describe, expect, it } from "vitest";
import { qualitySuiteOf, scenarioSchema, MAX_SCENARIO_RULES } from "./scenario-schema";

const base = {
  name: "Mini for support",
  range: { from: "2026-03-01T00:00:00Z", to: "2026-03-31T00:00:00Z" },
  rules: [{ match: { projectIds: ["support"] }, sharePercent: 80, target: { model: "gpt-5-mini" } }],
};
const issuesOf = (value: unknown) => {
  const r = scenarioSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};
const withRule = (rule: Record<string, unknown>) => ({ ...base, rules: [{ sharePercent: 50, target: { model: "a" }, ...rule }] });

describe("scenario schema", () => {
  it("accepts a scenario and fills the defaults", () => {
    const s = scenarioSchema.parse({
      ...base,
      rules: [
        ...base.rules,
        {
          name: "long prompts",
          match: { tiers: ["premium"], endpoints: ["chat.completions"], minInputTokens: 8192, tags: ["team:search"], requestedModels: ["gpt-5"], apiKeyIds: ["k1"] },
          sharePercent: 100,
          target: { cheapestWhere: { suiteId: "suite1", minPassRate: 0.9, maxP95TtftMs: 800 } },
        },
      ],
    });
    expect(s.adjustments).toEqual({ tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false });
    expect(s.rules[0]!.match).toEqual({ projectIds: ["support"] });
    expect(qualitySuiteOf(s.rules[0]!)).toBeNull();
    expect(qualitySuiteOf(s.rules[1]!)).toBe("suite1");
    expect(scenarioSchema.parse(withRule({ match: undefined })).rules[0]!.match).toEqual({});
  });

  it("refuses an empty range and one longer than 92 days, naming range.to", () => {
    expect(issuesOf({ ...base, range: { from: "2026-03-01T00:00:00Z", to: "2026-03-01T00:00:00Z" } })).toEqual([{ path: "range.to", message: "must be after range.from (the range is empty)" }]);
    expect(issuesOf({ ...base, range: { from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" } })[0]!.path).toBe("range.to");
    expect(issuesOf({ ...base, range: { from: "2026-01-01T00:00:00Z", to: "2026-04-03T00:00:01Z" } })).toEqual([{ path: "range.to", message: "the range is longer than 92 days" }]);
    expect(issuesOf({ ...base, range: { from: "2026-01-01T00:00:00Z", to: "2026-04-03T00:00:00Z" } })).toEqual([]); // exactly 92 days
    expect(issuesOf({ ...base, range: { from: "2026-03-01", to: "2026-03-02T00:00:00Z" } })[0]!.path).toBe("range.from");
    expect(issuesOf({ ...base, range: { from: "2026-03-01T00:00:00+05:30", to: "2026-03-02T00:00:00Z" } })).toEqual([]);
  });

  it("refuses a share outside 0-100 or fractional, naming the rule's field", () => {
    for (const sharePercent of [-1, 101, 12.5, "50", null]) {
      expect(issuesOf(withRule({ sharePercent }))).toEqual([{ path: "rules.0.sharePercent", message: "must be a whole percent from 0 to 100" }]);
    }
    expect(issuesOf(withRule({ sharePercent: 0 }))).toEqual([]);
  });

  it("names the field of a bad target, match or threshold", () => {
    expect(issuesOf(withRule({ target: { model: "gpt 5" } }))[0]!.path).toBe("rules.0.target.model");
    expect(issuesOf(withRule({ target: { models: ["a"] } }))[0]!.message).toMatch(/cheapestWhere/);
    expect(issuesOf(withRule({ target: { cheapestWhere: { suiteId: "s", minPassRate: 1.2, maxP95TtftMs: 500 } } }))).toEqual([{ path: "rules.0.target.cheapestWhere.minPassRate", message: "must be from 0 to 1" }]);
    const share = issuesOf(withRule({ target: { cheapestWhere: { suiteId: "s", minPassRate: 0.5, maxP95TtftMs: 500 } }, suiteId: "other" }));
    expect(share).toEqual([{ path: "rules.0.suiteId", message: expect.stringMatching(/cheapestWhere suite/) }]);
    expect(issuesOf(withRule({ match: { minInputTokens: 1000 } }))).toEqual([{ path: "rules.0.match.minInputTokens", message: expect.stringMatching(/band edge \(0, 512, 2048, 8192, 32768\)/) }]);
    expect(issuesOf(withRule({ match: { minInputTokens: 2048, maxInputTokens: 2048 } }))[0]!.path).toBe("rules.0.match.maxInputTokens");
    expect(issuesOf(withRule({ match: { tiers: ["gold"] } }))[0]!.path).toBe("rules.0.match.tiers.0");
    expect(issuesOf(withRule({ match: { projectIds: [] } }))[0]!.message).toMatch(/at least one value/);
    expect(issuesOf(withRule({ match: { colour: "red" } }))[0]!.path).toBe("rules.0.match");
  });

  it("bounds rules and the name", () => {
    expect(issuesOf({ ...base, rules: [] })).toEqual([{ path: "rules", message: "give at least one rule" }]);
    expect(issuesOf({ ...base, rules: Array.from({ length: MAX_SCENARIO_RULES + 1 }, () => base.rules[0]) })[0]!.path).toBe("rules");
    expect(issuesOf({ ...base, name: "  " })[0]!.path).toBe("name");
  });

  it("checks the local-burst block: one capacity, a decimal cost, a distinct cloud model, a rule feeding it", () => {
    const burst = (b: Record<string, unknown>) => ({
      ...base,
      rules: [{ sharePercent: 100, target: { model: "qwen-local" } }],
      localBurst: { localModel: "qwen-local", capacityConcurrent: 4, hourlyCostUsd: "1.20", cloudModel: "gpt-5-mini", ...b },
    });
    expect(issuesOf(burst({}))).toEqual([]);
    expect(issuesOf(burst({ capacityRps: 2 }))).toEqual([{ path: "localBurst.capacityConcurrent", message: "give exactly one of capacityConcurrent and capacityRps" }]);
    expect(issuesOf(burst({ capacityConcurrent: undefined }))[0]!.path).toBe("localBurst.capacityConcurrent");
    expect(issuesOf(burst({ capacityConcurrent: undefined, capacityRps: 2.5 }))).toEqual([]);
    expect(issuesOf(burst({ hourlyCostUsd: 1.2 }))[0]!.path).toBe("localBurst.hourlyCostUsd");
    expect(issuesOf(burst({ hourlyCostUsd: "1e3" }))[0]!.message).toMatch(/plain decimal/);
    expect(issuesOf(burst({ cloudModel: "qwen-local" }))).toEqual([{ path: "localBurst.cloudModel", message: "must differ from localModel" }]);
    expect(issuesOf(burst({ localModel: "gemma-local" }))).toEqual([{ path: "localBurst.localModel", message: "no rule moves traffic to this model" }]);
  });
});
