import { describe, expect, it } from "vitest";
import { catalog } from "../../tests/support/routing-fixtures";
import { policyInputSchema } from "./policy-schema";
import { validatePolicy } from "./validate-policy";

const check = (rules: unknown[], projectId: string | null = null) => validatePolicy(policyInputSchema.parse({ name: "p", projectId, rules }), catalog);

describe("validatePolicy against the catalog", () => {
  it("passes a policy whose every target exists, is priced and fits", () => {
    expect(
      check([
        { id: "long", match: { minInputTokens: 100_000 }, action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku-4.5", "big-unknown"] } },
        { id: "split", action: { kind: "split", targets: [{ model: "gpt-5-nano", percent: 90 }, { model: "gpt-5-mini", percent: 10 }] } },
        { id: "local", action: { kind: "local-first", local: { model: "qwen-0.6b", maxConcurrent: 4 }, cloud: "gpt-5-mini" } },
      ]),
    ).toEqual([]);
  });

  it("names the rule and field of an unknown model, wherever it is", () => {
    expect(check([{ id: "ab", action: { kind: "split", targets: [{ model: "gpt-5-mini", percent: 50 }, { model: "gpt-9", percent: 50 }] } }])).toEqual([
      { path: ["rules", 0, "action", "targets", 1, "model"], message: 'rule "ab": no model "gpt-9" in this org\'s catalog', ruleId: "ab" },
    ]);
    expect(check([{ id: "f", action: { kind: "route", model: "gpt-5-mini" } }, { id: "g", action: { kind: "fallback", models: ["gpt-5-mini", "nope"] } }])[0]!.path).toEqual(["rules", 1, "action", "models", 1]);
    expect(check([{ id: "l", action: { kind: "local-first", local: { model: "qwen-0.6b", maxConcurrent: 1 }, cloud: "cloud-x" } }])[0]!.path).toEqual(["rules", 0, "action", "cloud"]);
  });

  it("refuses a local-first whose local target is a cloud model", () => {
    expect(check([{ id: "lf", action: { kind: "local-first", local: { model: "gpt-5-nano", maxConcurrent: 4 }, cloud: "gpt-5-mini" } }])).toEqual([
      { path: ["rules", 0, "action", "local", "model"], message: expect.stringContaining('"gpt-5-nano" is not a local model'), ruleId: "lf" },
    ]);
  });

  it("refuses a target smaller than every request the rule matches (minInputTokens or needs.minContextTokens)", () => {
    const issues = check([{ id: "big", match: { minInputTokens: 20_000 }, action: { kind: "fallback", models: ["gpt-5-mini", "gpt-5-nano"] } }]);
    expect(issues).toEqual([{ path: ["rules", 0, "action", "models", 1], message: expect.stringMatching(/"gpt-5-nano" holds 16000 tokens of context, less than the 20000/), ruleId: "big" }]);
    expect(check([{ id: "ctx", match: { needs: { minContextTokens: 40_000 } }, action: { kind: "route", model: "mistral-7b" } }])[0]!.path).toEqual(["rules", 0, "action", "model"]);
  });

  it("refuses an unpriced target (its cost would be unknown)", () => {
    expect(check([{ id: "u", action: { kind: "route", model: "unpriced" } }])[0]!.message).toMatch(/no price in effect/);
  });

  it("validates escalation checks as benchmark checks are, and refuses ones that need more than the answer", () => {
    const cascade = (escalateOn: unknown[], match: unknown = {}) => check([{ id: "c", match, action: { kind: "cascade", models: ["gpt-5-nano", "gpt-5-mini"], escalateOn } }]);
    expect(cascade(["invalid-json", { check: { type: "regex", value: "^\\{" } }])).toEqual([]);
    expect(cascade([{ check: { type: "regex", value: "(" } }])[0]!.path).toEqual(["rules", 0, "action", "escalateOn", 0, "check", "value"]);
    expect(cascade([{ check: { type: "is-json", value: { type: "nonsense" } } }])[0]!.path).toEqual(["rules", 0, "action", "escalateOn", 0, "check", "value"]);
    expect(cascade([{ check: { type: "llm-rubric", value: "is it good" } }])[0]!.message).toMatch(/llm-rubric cannot decide an escalation/);
    expect(cascade([{ check: { type: "contains", value: "{{answer}}" } }])[0]!.message).toMatch(/refers to \{\{answer\}\}: an escalation check has no variables/);
    expect(cascade(["empty", "empty"])[0]!.path).toEqual(["rules", 0, "action", "escalateOn", 1]);
    expect(cascade([{ check: { type: "is-valid-openai-tools-call" } }])[0]!.message).toMatch(/needs\.tools: true/);
    expect(cascade([{ check: { type: "is-valid-openai-tools-call" } }], { needs: { tools: true } })).toEqual([]);
  });

  it("refuses a rule of a project's policy that names only other projects", () => {
    const rules = [{ id: "other", match: { projectIds: ["proj-b"] }, action: { kind: "route", model: "gpt-5-mini" } }];
    expect(check(rules, "proj-a")[0]!.path).toEqual(["rules", 0, "match", "projectIds"]);
    expect(check(rules, null)).toEqual([]);
  });
});
