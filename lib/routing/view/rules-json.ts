// The editor's JSON tab: the rules as the API takes them, and back. Text
// that is not JSON, or rules the API's schema refuses, are named by their
// place in the list ("2.action.targets: ...").
import { policyInputSchema, type RoutingRule } from "../policy-schema";
import { ruleBody, type RuleFields } from "./policy-fields";

export type ParsedRules = { ok: true; rules: RoutingRule[] } | { ok: false; issues: { path: string; message: string }[] };

export function rulesJson(rules: readonly RuleFields[]): string {
  return JSON.stringify(rules.map(ruleBody), null, 2);
}

export function parseRulesJson(text: string): ParsedRules {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: "", message: `not valid JSON (${(e as Error).message})` }] };
  }
  const parsed = policyInputSchema.shape.rules.safeParse(value);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, issues: parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join("."), message: i.message })) };
}
