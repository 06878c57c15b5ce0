import { describe, expect, it } from "vitest";
import { policyInputSchema } from "../policy-schema";
import { fieldPathFor, issuePath } from "./policy-field-paths";
import { emptyPolicy, emptyRule, parseCustomChecks, policyBody, policyFieldsFrom, ruleBody, type PolicyFields } from "./policy-fields";
import { policyResolver, serverFieldErrors } from "./policy-resolver";

const RULES = [
  {
    id: "json-cheap", description: "JSON answers on the small model first",
    match: { projectIds: ["p1"], apiKeyIds: ["k1", "k2"], tags: ["team:search"], models: ["auto"], endpoints: ["chat.completions"], minInputTokens: 10, maxInputTokens: 4000, needs: { jsonMode: true, tools: false, minContextTokens: 2000 }, complexity: ["simple", "moderate"] },
    action: { kind: "cascade", models: ["gpt-5-nano", "gpt-5-mini"], escalateOn: ["invalid-json", { check: { type: "contains", value: "ok" } }], cache: { ttlSec: 600, shareAcrossProjects: true } },
    failover: { ttftTimeoutMs: 2500, maxAttempts: 2 },
  },
  { id: "ab", match: {}, action: { kind: "split", targets: [{ model: "gpt-5-mini", percent: 70 }, { model: "claude-haiku-4.5", percent: 30 }], stickyBy: "session-header" } },
  { id: "chain", match: { tags: ["batch"] }, action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku-4.5", "gpt-5-nano"] } },
  { id: "local", match: {}, action: { kind: "local-first", local: { model: "qwen-0.6b", maxConcurrent: 4, ttftObjectiveMs: 800 }, cloud: "gpt-5-mini", hysteresis: { resumeBelowPercent: 60 } } },
  { id: "one", match: {}, action: { kind: "route", model: "gpt-5-nano" } },
];
const parsedRules = policyInputSchema.parse({ name: "p", rules: RULES }).rules;
const stored = { id: "pol1", name: "Search routing", projectId: "p1", priority: 5, enabled: true, mode: "shadow" as const, rules: parsedRules };

async function resolve(values: PolicyFields) {
  return policyResolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
}

describe("policy fields", () => {
  it("turn a stored policy into fields and back into the same policy, for every action kind", () => {
    const fields = policyFieldsFrom(stored);
    expect(fields.projectId).toBe("p1");
    expect(fields.rules[0]!.match.tags).toBe("team:search");
    expect(fields.rules[0]!.action.customChecks).toContain("contains");
    const body = policyInputSchema.parse(policyBody(fields));
    expect(body).toEqual({ name: "Search routing", projectId: "p1", priority: 5, enabled: true, mode: "shadow", rules: parsedRules });
  });

  it("leave empty optional inputs out, so the API's defaults apply", () => {
    const rule = emptyRule(0, "route");
    rule.action.model = "gpt-5-mini";
    expect(ruleBody(rule)).toEqual({ id: "rule-1", match: {}, action: { kind: "route", model: "gpt-5-mini", cache: undefined } });
    const body = policyInputSchema.parse(policyBody({ ...emptyPolicy(""), name: "Org", rules: [rule] }));
    expect(body).toMatchObject({ projectId: null, priority: 0, rules: [{ id: "rule-1", match: {}, action: { kind: "route", model: "gpt-5-mini" } }] });
    expect(body.rules[0]!.failover).toBeUndefined();
  });

  it("send only the chosen kind's fields, and keep the others while another kind is chosen", () => {
    const rule = emptyRule(0, "fallback");
    rule.action.models = [{ model: "a" }, { model: "b" }];
    rule.action.model = "kept-for-route";
    expect(ruleBody(rule).action).toEqual({ kind: "fallback", models: ["a", "b"], cache: undefined });
    rule.action.kind = "route";
    expect(ruleBody(rule).action).toEqual({ kind: "route", model: "kept-for-route", cache: undefined });
    expect(rule.action.models).toEqual([{ model: "a" }, { model: "b" }]);
  });

  it("read a checkbox group however the browser registers it (a list, one value, or false)", () => {
    const rule = emptyRule(0, "route");
    rule.action.model = "m";
    Object.assign(rule.match, { endpoints: "responses", complexity: false, projectIds: ["p1", "p2"] });
    expect(ruleBody(rule).match).toEqual({ endpoints: ["responses"], projectIds: ["p1", "p2"] });
  });

  it("read custom escalation checks as a JSON list (or one check), and say why other text is not one", () => {
    expect(parseCustomChecks("")).toEqual({ ok: true, checks: [] });
    expect(parseCustomChecks('{"type":"is-json"}')).toEqual({ ok: true, checks: [{ type: "is-json" }] });
    expect(parseCustomChecks("[1]")).toMatchObject({ ok: false, message: expect.stringContaining("list of checks") });
    expect(parseCustomChecks("[{")).toMatchObject({ ok: false, message: expect.stringContaining("not valid JSON") });
  });
});

describe("where an issue shows", () => {
  const fields = policyFieldsFrom(stored);

  it("puts each body path on its input", () => {
    const cases: [string, string][] = [
      ["name", "name"],
      ["rules", "rules.root"],
      ["rules.1.id", "rules.1.id"],
      ["rules.0.match.tags.0", "rules.0.match.tags"],
      ["rules.0.match.needs.minContextTokens", "rules.0.match.minContextTokens"],
      ["rules.0.match", "rules.0.match.root"],
      ["rules.1.action.targets", "rules.1.action.targets.root"],
      ["rules.1.action.targets.1.percent", "rules.1.action.targets.1.percent"],
      ["rules.1.action.targets.0", "rules.1.action.targets.0.model"],
      ["rules.2.action.models.2", "rules.2.action.models.2.model"],
      ["rules.2.action.models", "rules.2.action.models.root"],
      ["rules.0.action.escalateOn.0", "rules.0.action.escalateOn"],
      ["rules.0.action.escalateOn.1.check.type", "rules.0.action.customChecks"],
      ["rules.3.action.local.model", "rules.3.action.localModel"],
      ["rules.3.action.hysteresis.resumeBelowPercent", "rules.3.action.resumeBelowPercent"],
      ["rules.3.action.cloud", "rules.3.action.cloud"],
      ["rules.0.action.cache.ttlSec", "rules.0.cache.ttlSec"],
      ["rules.0.failover.maxAttempts", "rules.0.failover.maxAttempts"],
      ["rules.0", "rules.0.root"],
      ["something.else", "root"],
    ];
    for (const [body, field] of cases) expect(fieldPathFor(issuePath(body), fields.rules), body).toBe(field);
  });

  it("puts a server 422's details on the inputs, the first message per input", () => {
    const details = [
      { field: "rules.2.action.models.1", message: 'rule "chain": no model "claude-haiku-4.5" in this org\'s catalog', ruleId: "chain" },
      { field: "rules.2.action.models.1", message: "second message" },
      { field: "rules.0.match.projectIds.0", message: 'rule "json-cheap": no project "p1" in this org' },
      { bogus: true },
    ];
    expect([...serverFieldErrors(details, fields.rules)]).toEqual([
      ["rules.2.action.models.1.model", 'rule "chain": no model "claude-haiku-4.5" in this org\'s catalog'],
      ["rules.0.match.projectIds", 'rule "json-cheap": no project "p1" in this org'],
    ]);
    expect(serverFieldErrors(null, fields.rules).size).toBe(0);
  });

  it("checks the fields with the API's schema before sending: split sums, numbers typed as text, bad custom checks", async () => {
    const values = policyFieldsFrom(stored);
    values.rules[1]!.action.targets[1]!.percent = "20";
    values.rules[0]!.failover.maxAttempts = "two";
    values.rules[0]!.action.customChecks = "[{";
    const { errors } = await resolve(values);
    const e = errors as Record<string, unknown> & { rules: Record<number, Record<string, Record<string, { message: string } & Record<string, { message: string }>>>> };
    expect(e.rules[1]!.action!.targets!.root!.message).toMatch(/sum to 100 \(they sum to 90\)/);
    expect(e.rules[0]!.failover!.maxAttempts!.message).toBe("enter a whole number");
    expect(e.rules[0]!.action!.customChecks!.message).toMatch(/not valid JSON/);
  });

  it("hands the parsed body to the submit handler when the fields are valid", async () => {
    const result = await resolve(policyFieldsFrom(stored));
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ name: "Search routing", rules: parsedRules });
  });
});

describe("the form's words", () => {
  it("say a model left unchosen is required", async () => {
    const values = emptyPolicy("");
    values.name = "x";
    values.rules[0]!.action.models = [{ model: "gpt-5-mini" }, { model: "" }];
    const { errors } = await policyResolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect((errors as { rules: { action: { models: { model: { message: string } }[] } }[] }).rules[0]!.action.models[1]!.model.message).toBe("required");
  });
});
