import { describe, expect, it } from "vitest";
import { MAX_RULES_PER_POLICY, policyInputSchema, policyUpdateSchema, ruleSchema } from "./policy-schema";

const issuesOf = (value: unknown) => {
  const r = policyInputSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};
const withRules = (...rules: unknown[]) => ({ name: "Routing", rules });

describe("policy schema", () => {
  it("accepts every action kind and fills the defaults", () => {
    const parsed = policyInputSchema.parse(
      withRules(
        { id: "r1", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60 } } },
        { id: "r2", match: { tags: ["team:search"] }, action: { kind: "split", targets: [{ model: "a", percent: 30 }, { model: "b", percent: 70 }] } },
        { id: "r3", action: { kind: "fallback", models: ["a", "b", "c"] } },
        { id: "r4", action: { kind: "cascade", models: ["a", "b"], escalateOn: ["invalid-json", { check: { type: "contains", value: "done" } }] } },
        { id: "r5", action: { kind: "local-first", local: { model: "qwen", maxConcurrent: 4 }, cloud: "gpt-5-mini", hysteresis: { resumeBelowPercent: 50 } } },
      ),
    );
    expect(parsed).toMatchObject({ priority: 0, enabled: true, mode: "enforce" });
    expect(parsed.rules[0]!.match).toEqual({});
    expect(parsed.rules[0]!.action).toEqual({ kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60, shareAcrossProjects: false } });
    expect(parsed.rules[1]!.action).toMatchObject({ stickyBy: "user" });
  });

  it("refuses a split whose percents do not sum to 100, naming the rule and field", () => {
    expect(issuesOf(withRules({ id: "ab-test", action: { kind: "split", targets: [{ model: "a", percent: 50 }, { model: "b", percent: 40 }] } }))).toEqual([
      { path: "rules.0.action.targets", message: 'rule "ab-test": split percents must sum to 100 (they sum to 90)' },
    ]);
  });

  it("refuses fractional percents, a model twice in a split, and a chain that repeats a model", () => {
    expect(issuesOf(withRules({ id: "s", action: { kind: "split", targets: [{ model: "a", percent: 50.5 }, { model: "b", percent: 49.5 }] } }))[0]!.path).toBe("rules.0.action.targets.0.percent");
    expect(issuesOf(withRules({ id: "s", action: { kind: "split", targets: [{ model: "a", percent: 50 }, { model: "a", percent: 50 }] } }))).toEqual([
      { path: "rules.0.action.targets.1.model", message: 'rule "s": "a" is already target 0; each model once per split' },
    ]);
    const cycle = issuesOf(withRules({ id: "chain", action: { kind: "fallback", models: ["a", "b", "a"] } }));
    expect(cycle).toEqual([{ path: "rules.0.action.models.2", message: expect.stringMatching(/^rule "chain": "a" already appears at models\[0\]/) }]);
    expect(issuesOf(withRules({ id: "c", action: { kind: "cascade", models: ["a", "a"], escalateOn: ["empty"] } }))[0]!.path).toBe("rules.0.action.models.1");
  });

  it("bounds chains, rules, lists and strings", () => {
    expect(issuesOf(withRules({ id: "f", action: { kind: "fallback", models: ["a"] } }))[0]!.path).toBe("rules.0.action.models");
    expect(issuesOf(withRules({ id: "f", action: { kind: "fallback", models: ["a", "b", "c", "d", "e", "f", "g"] } }))[0]!.path).toBe("rules.0.action.models");
    const many = Array.from({ length: MAX_RULES_PER_POLICY + 1 }, (_, i) => ({ id: `r${i}`, action: { kind: "route", model: "a" } }));
    expect(issuesOf(withRules(...many))[0]!.path).toBe("rules");
    expect(issuesOf(withRules({ id: "r", match: { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.match.tags");
    expect(issuesOf(withRules({ id: "r", action: { kind: "route", model: "x".repeat(129) } }))[0]!.path).toBe("rules.0.action.model");
    expect(issuesOf({ name: "a\u0000b", rules: [] })[0]!.path).toBe("name");
    expect(issuesOf(withRules({ id: "r", description: "a\u0000b", action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.description");
    expect(issuesOf(withRules({ id: "r", match: { models: ["gpt\u0000"] }, action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.match.models.0");
    expect(issuesOf(withRules({ id: "r", match: { minInputTokens: 1e12 }, action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.match.minInputTokens");
    expect(issuesOf(withRules({ id: "r", match: { minInputTokens: 10, maxInputTokens: 5 }, action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.match.maxInputTokens");
    expect(issuesOf(withRules({ id: "r", match: { models: [] }, action: { kind: "route", model: "a" } }))[0]!.message).toMatch(/at least one value/);
  });

  it("bounds the custom escalation checks of a whole policy and its size", () => {
    const cascade = (i: number) => ({ id: `c${i}`, action: { kind: "cascade", models: ["a", "b"], escalateOn: Array.from({ length: 10 }, () => ({ check: { type: "contains", value: "x" } })) } });
    expect(issuesOf(withRules(...Array.from({ length: 5 }, (_, i) => cascade(i))))).toEqual([]);
    expect(issuesOf(withRules(...Array.from({ length: 6 }, (_, i) => cascade(i))))).toEqual([{ path: "rules", message: "at most 50 custom escalation checks per policy (this one has 60)" }]);
    const wide = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, description: "d".repeat(500), match: { tags: Array.from({ length: 100 }, (_, j) => `tag-${j}-${"x".repeat(50)}`) }, action: { kind: "route", model: "a" } }));
    expect(issuesOf(withRules(...wide))).toEqual([{ path: "rules", message: expect.stringMatching(/^the rules take more than 512000 characters/) }]);
  });

  it("refuses duplicate rule ids, unknown fields and unknown kinds", () => {
    expect(issuesOf(withRules({ id: "same", action: { kind: "route", model: "a" } }, { id: "same", action: { kind: "route", model: "b" } }))).toEqual([
      { path: "rules.1.id", message: 'rule "same": the id is already used by rules[0]; rule ids must be unique in a policy' },
    ]);
    expect(issuesOf(withRules({ id: "r", action: { kind: "route", model: "a", modle: "b" } }))[0]!.path).toBe("rules.0.action");
    expect(issuesOf(withRules({ id: "r", match: { tag: ["x"] }, action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.match");
    expect(issuesOf(withRules({ id: "r", action: { kind: "teleport", model: "a" } }))[0]!.path).toBe("rules.0.action.kind");
    expect(issuesOf(withRules({ id: "bad id!", action: { kind: "route", model: "a" } }))[0]!.path).toBe("rules.0.id");
  });

  it("refuses a local-first that bursts to itself and an escalation check of an unknown type", () => {
    expect(issuesOf(withRules({ id: "lf", action: { kind: "local-first", local: { model: "q", maxConcurrent: 2 }, cloud: "q" } }))[0]).toEqual({ path: "rules.0.action.cloud", message: 'rule "lf": the cloud target must differ from the local one' });
    expect(issuesOf(withRules({ id: "c", action: { kind: "cascade", models: ["a", "b"], escalateOn: [{ check: { type: "javascript", value: "1" } }] } }))[0]!.path).toBe("rules.0.action.escalateOn.0.check.type");
  });

  it("needs at least one field to update", () => {
    expect(policyUpdateSchema.safeParse({}).success).toBe(false);
    expect(policyUpdateSchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(policyUpdateSchema.parse({ projectId: null })).toEqual({ projectId: null });
  });

  it("parses a stored rule on its own (what the compiler re-reads)", () => {
    expect(ruleSchema.safeParse({ id: "r", action: { kind: "route", model: "a" } }).success).toBe(true);
  });
});
