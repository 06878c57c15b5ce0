// A routing decision in words, for "Test a request" and the statistics:
// which rule decided, what each candidate is for (the one that serves first,
// the fallbacks, the escalations, the cloud burst) and why a target was left
// out before anything was tried.
import type { RouteDecision, SkipReason } from "../route-types";

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  "unknown-model": "not in the catalog",
  "no-deployment": "no enabled deployment",
  "cooled-down": "cooling down after recent failures",
  "context-too-small": "its context window cannot hold this request",
  "no-tools": "cannot call tools, and the request has some",
  "no-images": "cannot read images, and the request has some",
  "local-at-capacity": "local model at capacity: burst to the cloud",
  "local-bursting": "local model bursting to the cloud until load falls",
};

export function skipReasonText(reason: string): string {
  return (SKIP_REASON_TEXT as Record<string, string>)[reason] ?? reason;
}

export const ACTION_TEXT: Record<RouteDecision["action"], string> = {
  route: "route",
  split: "split",
  fallback: "fallback chain",
  cascade: "cascade",
  "local-first": "local first",
  default: "no rule matched",
};

/** Which policy and rule decided, in one line. */
export function decidedBy(d: Pick<RouteDecision, "policyId" | "policyName" | "ruleId" | "action">): string {
  if (d.ruleId === null) return "No rule matched: the model the request asks for serves it";
  const policy = d.policyName ? `policy "${d.policyName}"` : d.policyId ? `policy ${d.policyId} (deleted)` : "a policy";
  return `Rule "${d.ruleId}" of ${policy} (${ACTION_TEXT[d.action] ?? d.action})`;
}

/** What each candidate, in order, is tried for. */
export function candidateRoles(d: Pick<RouteDecision, "action" | "candidates" | "cascade" | "localFirst">): { model: string; role: string }[] {
  return d.candidates.map((model, i) => {
    if (i === 0) {
      if (d.localFirst) return { model, role: model === d.localFirst.local ? "serves (local)" : "serves (burst to the cloud)" };
      return { model, role: "serves" };
    }
    if (d.cascade) return { model, role: "escalation, if the answer fails a check" };
    if (d.localFirst && model === d.localFirst.cloud) return { model, role: "cloud, if the local model fails" };
    return { model, role: "fallback, if the one before fails" };
  });
}
