// Checks a policy (already structurally valid, see policy-schema.ts) against
// the org's catalog before it is saved, so a rule that could never serve is
// a 422 naming the rule and field, not a request that fails at 3 a.m.:
// unknown or unpriced targets, a local-first whose local target is a cloud
// model, targets too small for every request the rule matches, escalation
// checks that cannot run on an answer, and rules of a project's policy that
// name only other projects.
import { validateSuiteChecks } from "../benchmarks/checks/validate-suite-checks";
import type { Check, SuiteCase } from "../benchmarks/suite-schema";
import { actionTargets, type PolicyInput, type RoutingRule } from "./policy-schema";
import type { RoutingCatalog } from "./routing-catalog";

export interface PolicyIssue {
  path: (string | number)[];
  message: string;
  ruleId?: string;
}

const MAX_ISSUES = 200;
/** Checks that need more than the answer (a judge model, the latency or cost of the call). */
const NOT_ESCALATION_CHECKS = ["llm-rubric", "latency", "cost"];

type Report = (path: (string | number)[], message: string) => void;

export function validatePolicy(policy: Pick<PolicyInput, "projectId" | "rules">, catalog: RoutingCatalog): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  policy.rules.forEach((rule, i) => {
    const report: Report = (path, message) => {
      if (issues.length < MAX_ISSUES) issues.push({ path: ["rules", i, ...path], message: `rule "${rule.id}": ${message}`, ruleId: rule.id });
    };
    validateTargets(rule, catalog, report);
    if (rule.action.kind === "cascade") validateEscalation(rule, rule.action.escalateOn, report);
    const only = rule.match.projectIds;
    if (policy.projectId && only && !only.includes(policy.projectId)) {
      report(["match", "projectIds"], "this policy applies to one project only, and the rule names only other projects: it can never match");
    }
  });
  return issues;
}

function validateTargets(rule: RoutingRule, catalog: RoutingCatalog, report: Report): void {
  const smallestRequest = Math.max(rule.match.minInputTokens ?? 0, rule.match.needs?.minContextTokens ?? 0);
  for (const { model, path } of actionTargets(rule.action)) {
    const at = ["action", ...path];
    const entry = catalog.get(model);
    if (!entry) {
      report(at, `no model "${model}" in this org's catalog`);
      continue;
    }
    if (!entry.priced) report(at, `"${model}" has no price in effect: its cost would be unknown (price it first)`);
    if (entry.contextWindow !== null && smallestRequest > entry.contextWindow) {
      report(at, `"${model}" holds ${entry.contextWindow} tokens of context, less than the ${smallestRequest} every request this rule matches needs`);
    }
  }
  if (rule.action.kind === "local-first") {
    const local = catalog.get(rule.action.local.model);
    if (local && !local.isLocal) report(["action", "local", "model"], `"${local.alias}" is not a local model: local-first needs a model served on your own hardware`);
  }
}

function validateEscalation(rule: RoutingRule, triggers: Extract<RoutingRule["action"], { kind: "cascade" }>["escalateOn"], report: Report): void {
  const seen = new Set<string>();
  triggers.forEach((trigger, k) => {
    if (typeof trigger === "string") {
      if (seen.has(trigger)) report(["action", "escalateOn", k], `"${trigger}" is listed twice`);
      seen.add(trigger);
      return;
    }
    const at = ["action", "escalateOn", k, "check"];
    const base = trigger.check.type.replace(/^not-/, "");
    if (NOT_ESCALATION_CHECKS.includes(base)) return report([...at, "type"], `${base} cannot decide an escalation: it needs more than the answer`);
    if (base === "is-valid-openai-tools-call" && rule.match.needs?.tools !== true) {
      return report([...at, "type"], "is-valid-openai-tools-call needs the rule to match on needs.tools: true (the request's tools are what it checks against)");
    }
    for (const issue of validateSuiteChecks({ cases: [escalationCase(trigger.check, base === "is-valid-openai-tools-call")] })) {
      report([...at, ...issue.path.slice(4)], issue.message.replace(/, which this case's vars do not define$/, ": an escalation check has no variables to fill in"));
    }
  });
}

/** A one-case suite around the check, so it is validated exactly as a benchmark check is. */
function escalationCase(check: Check, withTools: boolean): SuiteCase {
  return {
    id: "escalation",
    messages: [{ role: "user", content: "." }],
    vars: {},
    checks: [check],
    ...(withTools ? { tools: [{ type: "function", function: { name: "request_tools" } }] } : {}),
  };
}
