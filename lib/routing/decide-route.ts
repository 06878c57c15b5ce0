// Where a request goes: the first enforced rule that matches (in the order
// compile-policies.ts sets) decides; with none, the requested model serves.
// Pure and deterministic: the same compiled policies, request and state give
// the same decision on every proxy instance.
//
// Shadow policies sit in the same order. A shadow rule reached before the
// enforced winner, and matching, records what its policy would have done had
// it been enforced; one decision per shadow policy (its first matching rule),
// at most MAX_SHADOW_DECISIONS per request. Shadow rules after the enforced
// winner would change nothing if enforced, so they record nothing. A shadow
// decision never changes the enforced one.
import { rulesForProject, type CompiledRouting, type CompiledRule } from "./compile-policies";
import { filterCandidates } from "./filter-candidates";
import { ruleMatches } from "./match-rule";
import { planTargets } from "./plan-targets";
import type { ComplexityBand } from "./policy-schema";
import type { RouteDecision, RouteRequest, RouteState, RoutingDecisions } from "./route-types";

export const MAX_SHADOW_DECISIONS = 5;

export function decideRoute(compiled: CompiledRouting, request: RouteRequest, state: RouteState = {}): RoutingDecisions {
  const complexity = once(request.complexity);
  const shadow: RouteDecision[] = [];
  const recorded = new Set<string>();
  for (const rule of rulesForProject(compiled, request.projectId)) {
    if (rule.mode === "shadow" && (recorded.has(rule.policyId) || shadow.length >= MAX_SHADOW_DECISIONS)) continue;
    if (!ruleMatches(rule.match, request, complexity)) continue;
    const decision = decideByRule(compiled, rule, request, state);
    if (rule.mode === "enforce") return { enforced: decision, shadow };
    recorded.add(rule.policyId);
    shadow.push(decision);
  }
  return { enforced: defaultDecision(compiled, request, state), shadow };
}

function decideByRule(compiled: CompiledRouting, rule: CompiledRule, request: RouteRequest, state: RouteState): RouteDecision {
  const plan = planTargets(rule.ruleId, rule.action, request, state);
  const { candidates, skipped } = filterCandidates(plan.targets, compiled.catalog, request, state);
  const cache = rule.action.cache;
  return {
    mode: rule.mode,
    policyId: rule.policyId,
    policyName: rule.policyName,
    ruleId: rule.ruleId,
    action: rule.action.kind,
    candidates,
    skipped: [...plan.skipped, ...skipped],
    sticky: plan.sticky,
    cache: cache ? { ttlSec: cache.ttlSec, shareAcrossProjects: cache.shareAcrossProjects } : null,
    failover: rule.failover ? { ttftTimeoutMs: rule.failover.ttftTimeoutMs ?? null, maxAttempts: rule.failover.maxAttempts ?? null } : null,
    cascade: plan.cascade,
    localFirst: plan.localFirst,
  };
}

/** No rule matched: the model asked for, held to the same checks as any target. */
function defaultDecision(compiled: CompiledRouting, request: RouteRequest, state: RouteState): RouteDecision {
  const { candidates, skipped } = filterCandidates([request.model], compiled.catalog, request, state);
  return { mode: "enforce", policyId: null, policyName: null, ruleId: null, action: "default", candidates, skipped, sticky: null, cache: null, failover: null, cascade: null, localFirst: null };
}

function once(band: ComplexityBand | (() => ComplexityBand)): () => ComplexityBand {
  if (typeof band !== "function") return () => band;
  let value: ComplexityBand | undefined;
  return () => (value ??= band());
}
