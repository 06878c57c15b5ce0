import { describe, expect, it } from "vitest";
import { MAX_RULES_PER_POLICY, policyInputSchema } from "@/lib/routing/policy-schema";
import { scenarioMatchSchema, scenarioSchema, type ScenarioInput } from "./scenario-schema";
import { CARRIED_MATCH_FIELDS, scenarioToPolicy, ScenarioPolicyError, type PolicyCatalogModel, type ScenarioToPolicyInput } from "./scenario-to-policy";

const catalog: PolicyCatalogModel[] = [
  { alias: "gpt-5-mini", tier: "economy", priced: true },
  { alias: "gpt-5-nano", tier: "economy", priced: true },
  { alias: "claude-haiku-4.5", tier: "mid", priced: true },
  { alias: "claude-opus", tier: "premium", priced: true },
  { alias: "unpriced", tier: "economy", priced: false },
  { alias: "gemma-2b", tier: "economy", priced: true },
];
const RANGE = { from: "2026-03-01T00:00:00Z", to: "2026-03-08T00:00:00Z" };
const CHEAPEST = { cheapestWhere: { suiteId: "s1", minPassRate: 0.8, maxP95TtftMs: 900 } };

function convert(scenario: Partial<ScenarioInput> & Pick<ScenarioInput, "rules">, over: Partial<Omit<ScenarioToPolicyInput, "scenario">> = {}) {
  const parsed = scenarioSchema.parse({ name: "Cheaper support", range: RANGE, ...scenario });
  const targets = over.targets ?? parsed.rules.map((r) => ("model" in r.target ? r.target.model : null));
  const out = scenarioToPolicy({ scenario: parsed, targets, catalog, scope: { orgWide: true, projectIds: [] }, mode: "shadow", ...over });
  // Round trip: what is produced is a policy the routing API accepts as it is.
  const reparsed = policyInputSchema.safeParse(out.policy);
  expect(reparsed.success, reparsed.success ? "" : JSON.stringify(reparsed.error.issues)).toBe(true);
  return { ...out, parsed: reparsed.data! };
}

const messages = (w: { kind: string; message: string }[], kind?: string) => w.filter((x) => !kind || x.kind === kind).map((x) => x.message);

describe("scenarioToPolicy", () => {
  it("carries every match field routing has, and a 100% share routes to the target", () => {
    const { policy, warnings, parsed } = convert({
      rules: [{
        name: "long EU prompts",
        match: { projectIds: ["p1", "p2"], apiKeyIds: ["k1"], tags: ["eu", "support"], requestedModels: ["gpt-5-mini"], endpoints: ["chat.completions", "responses"], minInputTokens: 512, maxInputTokens: 8192 },
        sharePercent: 100,
        target: { model: "gpt-5-nano" },
      }],
    });
    expect(policy).toEqual({
      name: "What-if: Cheaper support", projectId: null, priority: 0, enabled: true, mode: "shadow",
      rules: [{
        id: "rule-1", description: "long EU prompts",
        match: { projectIds: ["p1", "p2"], apiKeyIds: ["k1"], tags: ["eu", "support"], models: ["gpt-5-mini"], endpoints: ["chat.completions", "responses"], minInputTokens: 512, maxInputTokens: 8191 },
        action: { kind: "route", model: "gpt-5-nano" },
      }],
    });
    expect(parsed.rules[0]!.action).toEqual({ kind: "route", model: "gpt-5-nano" });
    expect(messages(warnings)).toEqual([expect.stringMatching(/^input size: routing compares the proxy's estimate/)]);
  });

  it("decides every scenario match field (a new one must be decided before this compiles and passes)", () => {
    expect([...CARRIED_MATCH_FIELDS].sort()).toEqual(Object.keys(scenarioMatchSchema.shape).sort());
  });

  it("an exclusive upper band edge becomes the inclusive one below it; a lower edge stays", () => {
    const { policy } = convert({ rules: [{ match: { maxInputTokens: 512 }, sharePercent: 100, target: { model: "gpt-5-nano" } }, { match: { minInputTokens: 32768 }, sharePercent: 100, target: { model: "claude-haiku-4.5" } }] });
    expect(policy.rules.map((r) => r.match)).toEqual([{ maxInputTokens: 511 }, { minInputTokens: 32768 }]);
  });

  it("a partial share splits target / the requested model, sticky per user, one rule per requested model", () => {
    const { policy, parsed, warnings } = convert({ rules: [{ match: { requestedModels: ["gpt-5-mini", "claude-haiku-4.5", "gpt-5-nano"], tags: ["support"] }, sharePercent: 30, target: { model: "gpt-5-nano" } }] });
    expect(policy.rules).toEqual([
      { id: "rule-1.1", description: "Scenario rule 1", match: { tags: ["support"], models: ["gpt-5-mini"] }, action: { kind: "split", stickyBy: "user", targets: [{ model: "gpt-5-nano", percent: 30 }, { model: "gpt-5-mini", percent: 70 }] } },
      { id: "rule-1.2", description: "Scenario rule 1", match: { tags: ["support"], models: ["claude-haiku-4.5"] }, action: { kind: "split", stickyBy: "user", targets: [{ model: "gpt-5-nano", percent: 30 }, { model: "claude-haiku-4.5", percent: 70 }] } },
      // Asking for the target already: it goes there, as in the scenario, and no later rule catches it.
      { id: "rule-1.3", description: "Scenario rule 1", match: { tags: ["support"], models: ["gpt-5-nano"] }, action: { kind: "route", model: "gpt-5-nano" } },
    ]);
    expect(parsed.rules[0]!.action).toMatchObject({ kind: "split", stickyBy: "user" });
    expect(warnings).toEqual([]);
  });

  it("a partial share without requested models splits per priced catalog model, and says so", () => {
    const { policy, warnings } = convert({ rules: [{ sharePercent: 50, target: { model: "gpt-5-nano" } }] });
    expect(policy.rules.map((r) => [r.id, r.match?.models, r.action.kind])).toEqual([
      ["rule-1.1", ["claude-haiku-4.5"], "split"],
      ["rule-1.2", ["claude-opus"], "split"],
      ["rule-1.3", ["gemma-2b"], "split"],
      ["rule-1.4", ["gpt-5-mini"], "split"],
      ["rule-1.5", ["gpt-5-nano"], "route"],
    ]);
    expect(messages(warnings, "approximation")).toEqual(["rule 1: the rule names no requested model, so it splits per priced catalog model (5); requests for other names are not split"]);
  });

  it("a requested model without a price cannot keep its share: not split, warned; all of them: left out", () => {
    const some = convert({ rules: [{ match: { requestedModels: ["unpriced", "gpt-5-mini", "auto"] }, sharePercent: 40, target: { model: "gpt-5-nano" } }] });
    expect(some.policy.rules.map((r) => r.match?.models)).toEqual([["gpt-5-mini"]]);
    expect(messages(some.warnings)).toEqual(['rule 1: a split needs the requested model priced in the catalog to keep 60% on it; not split: "unpriced", "auto"']);
    expect(() => convert({ rules: [{ match: { requestedModels: ["unpriced"] }, sharePercent: 40, target: { model: "gpt-5-nano" } }] })).toThrow(ScenarioPolicyError);
  });

  it("tiers become the catalog models of those tiers as requested models, intersected with requestedModels", () => {
    const { policy, warnings } = convert({
      rules: [
        { name: "mid and premium", match: { tiers: ["mid", "premium"] }, sharePercent: 100, target: { model: "gpt-5-mini" } },
        { match: { tiers: ["economy"], requestedModels: ["gpt-5-mini", "claude-haiku-4.5"] }, sharePercent: 100, target: { model: "gpt-5-nano" } },
      ],
    });
    expect(policy.rules.map((r) => r.match)).toEqual([{ models: ["claude-haiku-4.5", "claude-opus"] }, { models: ["gpt-5-mini"] }]);
    expect(messages(warnings)).toEqual([
      'rule 1 ("mid and premium"): tiers mid, premium became the requested models "claude-haiku-4.5", "claude-opus" (the catalog now; the ledger\'s tier is the serving model\'s, the same when nothing else re-routes)',
      'rule 2: tiers economy became the requested models "gpt-5-mini" (the catalog now; the ledger\'s tier is the serving model\'s, the same when nothing else re-routes)',
    ]);
  });

  it("a tier with no model in it leaves the rule out, naming the rule and the field", () => {
    const { policy, warnings } = convert({
      rules: [
        { name: "premium only", match: { tiers: ["premium"], requestedModels: ["gpt-5-mini"] }, sharePercent: 100, target: { model: "gpt-5-nano" } },
        { sharePercent: 100, target: { model: "gpt-5-mini" } },
      ],
    });
    expect(policy.rules.map((r) => r.id)).toEqual(["rule-2"]);
    expect(warnings).toEqual([
      { rule: 0, kind: "left-out", message: 'rule 1 ("premium only"): tiers: no requested model is in tier premium, and routing matches requested models, not tiers' },
      { rule: 0, kind: "approximation", message: 'rule 1 ("premium only"): left out, so traffic it matched (and kept where it was) may now match a later rule' },
    ]);
  });

  it("a cheapestWhere rule routes to the model the result chose; one with no choice is left out", () => {
    const { policy, warnings } = convert({
      rules: [
        { match: { tags: ["a"] }, sharePercent: 100, target: CHEAPEST },
        { match: { tags: ["b"] }, sharePercent: 100, target: CHEAPEST },
      ],
    }, { targets: ["claude-haiku-4.5", null] });
    expect(policy.rules).toEqual([{ id: "rule-1", description: "Scenario rule 1", match: { tags: ["a"] }, action: { kind: "route", model: "claude-haiku-4.5" } }]);
    expect(warnings.map((w) => [w.rule, w.kind])).toEqual([[0, "approximation"], [1, "left-out"]]);
    expect(warnings[0]!.message).toContain('cheapestWhere chose "claude-haiku-4.5"');
    expect(warnings[1]!.message).toBe("rule 2: cheapestWhere found no qualifying model in the result, so it moves nothing");
  });

  it("a 0% share moves nothing and is left out; only a later rule gets the held-back warning", () => {
    const last = convert({ rules: [{ sharePercent: 100, target: { model: "gpt-5-nano" }, match: { tags: ["x"] } }, { sharePercent: 0, target: { model: "gpt-5-mini" } }] });
    expect(last.policy.rules.map((r) => r.id)).toEqual(["rule-1"]);
    expect(last.warnings).toEqual([{ rule: 1, kind: "left-out", message: "rule 2: a 0% share moves nothing" }]);
  });

  it("a local burst with concurrent capacity becomes local-first bursting to the cloud model", () => {
    const { policy, warnings } = convert({
      rules: [{ match: { requestedModels: ["gpt-5-mini"] }, sharePercent: 100, target: { model: "gemma-2b" } }],
      localBurst: { localModel: "gemma-2b", capacityConcurrent: 8, hourlyCostUsd: "1.20", cloudModel: "gpt-5-nano" },
    });
    expect(policy.rules[0]!.action).toEqual({ kind: "local-first", local: { model: "gemma-2b", maxConcurrent: 8 }, cloud: "gpt-5-nano" });
    expect(warnings).toEqual([]);
  });

  it("a burst by requests per second, or a split share to the local model, routes without bursting, warned", () => {
    const rps = convert({
      rules: [{ sharePercent: 100, target: { model: "gemma-2b" } }],
      localBurst: { localModel: "gemma-2b", capacityRps: 2.5, hourlyCostUsd: "1", cloudModel: "gpt-5-nano" },
    });
    expect(rps.policy.rules[0]!.action).toEqual({ kind: "route", model: "gemma-2b" });
    expect(messages(rps.warnings)).toEqual(['rule 1: routing caps a local model by requests in flight, not per second (capacityRps 2.5); it routes to "gemma-2b" without bursting to "gpt-5-nano"']);
    const split = convert({
      rules: [{ match: { requestedModels: ["gpt-5-mini"] }, sharePercent: 25, target: { model: "gemma-2b" } }],
      localBurst: { localModel: "gemma-2b", capacityConcurrent: 4, hourlyCostUsd: "1", cloudModel: "gpt-5-nano" },
    });
    expect(split.policy.rules[0]!.action).toMatchObject({ kind: "split", targets: [{ model: "gemma-2b", percent: 25 }, { model: "gpt-5-mini", percent: 75 }] });
    expect(messages(split.warnings)[0]).toMatch(/^rule 1: a split share to the local model cannot also burst/);
  });

  it("a scenario confined to one project gives that project's policy", () => {
    const { policy } = convert({ rules: [{ match: { tags: ["x"] }, sharePercent: 100, target: { model: "gpt-5-nano" } }] }, { scope: { orgWide: false, projectIds: ["pA"] } });
    expect(policy.projectId).toBe("pA");
    expect(policy.rules[0]!.match).toEqual({ tags: ["x"] });
  });

  it("an org-wide scenario whose every rule names the same single project gives that project's policy", () => {
    const { policy } = convert({
      rules: [
        { match: { projectIds: ["pA"], requestedModels: ["gpt-5-mini"] }, sharePercent: 100, target: { model: "gpt-5-nano" } },
        { match: { projectIds: ["pA"], tags: ["x"] }, sharePercent: 50, target: { model: "gpt-5-nano" } },
      ],
    });
    expect(policy.projectId).toBe("pA");
    expect(policy.rules.map((r) => r.match?.projectIds)).toEqual(policy.rules.map(() => undefined));
    expect(policy.rules[0]!.match).toEqual({ models: ["gpt-5-mini"] });
    // Two different projects, or one rule without a project: org-wide, the conditions kept.
    const two = convert({ rules: [{ match: { projectIds: ["pA"] }, sharePercent: 100, target: { model: "gpt-5-nano" } }, { match: { projectIds: ["pB"] }, sharePercent: 100, target: { model: "gpt-5-nano" } }] });
    expect(two.policy.projectId).toBeNull();
    const open = convert({ rules: [{ match: { projectIds: ["pA"] }, sharePercent: 100, target: { model: "gpt-5-nano" } }, { sharePercent: 100, target: { model: "gpt-5-nano" } }] });
    expect(open.policy.projectId).toBeNull();
    expect(open.policy.rules[0]!.match?.projectIds).toEqual(["pA"]);
  });

  it("a scenario confined to several projects gives an org-wide policy whose rules name only them", () => {
    const { policy, warnings } = convert({
      rules: [
        { sharePercent: 100, target: { model: "gpt-5-nano" }, match: { tags: ["a"] } },
        { sharePercent: 100, target: { model: "gpt-5-nano" }, match: { projectIds: ["pB", "pZ"] } },
        { sharePercent: 100, target: { model: "gpt-5-nano" }, match: { projectIds: ["pZ"] } },
      ],
    }, { scope: { orgWide: false, projectIds: ["pA", "pB"] } });
    expect(policy.projectId).toBeNull();
    expect(policy.rules.map((r) => r.match?.projectIds)).toEqual([["pA", "pB"], ["pB"]]);
    expect(messages(warnings, "left-out")).toEqual(["rule 3: projectIds: it names only projects outside the scenario's scope"]);
    expect(() => convert({ rules: [{ sharePercent: 100, target: { model: "gpt-5-nano" } }] }, { scope: { orgWide: false, projectIds: [] } })).toThrow(/scope: the scenario reads no project's traffic/);
  });

  it("names the policy after the scenario (within 120 characters) and carries mode and priority", () => {
    const { policy } = convert({ name: "x".repeat(200), rules: [{ sharePercent: 100, target: { model: "gpt-5-nano" } }] }, { mode: "enforce", priority: -5 });
    expect(policy.name).toBe(`What-if: ${"x".repeat(111)}`);
    expect(policy.name).toHaveLength(120);
    expect([policy.mode, policy.priority]).toEqual(["enforce", -5]);
  });

  it("refuses a scenario of which nothing can be carried, with the reasons", () => {
    expect(() => convert({ rules: [{ sharePercent: 0, target: { model: "gpt-5-nano" } }] })).toThrow("rules: no rule of the scenario can be carried over: rule 1: a 0% share moves nothing");
  });

  it("refuses a policy longer than routing allows", () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ match: { tags: [`t${i}`] }, sharePercent: 10, target: { model: "gpt-5-nano" } }));
    expect(50 * 5).toBeGreaterThan(MAX_RULES_PER_POLICY);
    expect(() => convert({ rules: many })).toThrow(/the policy would need 250 routing rules \(at most 200\)/);
  });
});
