// Whether a compiled rule's conditions all hold for a request. Conditions
// left out of a rule hold for every request.
import type { CompiledMatch } from "./compile-policies";
import type { ComplexityBand } from "./policy-schema";
import type { RouteRequest } from "./route-types";

/** `complexity` is asked for only when the rule matches on it and everything cheaper already held. */
export function ruleMatches(m: CompiledMatch, r: RouteRequest, complexity: () => ComplexityBand): boolean {
  if (m.projectIds && !m.projectIds.has(r.projectId)) return false;
  if (m.apiKeyIds && !m.apiKeyIds.has(r.apiKeyId)) return false;
  if (m.models && !m.models.has(r.model)) return false;
  if (m.endpoints && !m.endpoints.has(r.endpoint)) return false;
  if (m.tags && !m.tags.every((t) => r.tags.includes(t))) return false;
  if (m.minInputTokens !== null && !inputAtLeast(r, m.minInputTokens)) return false;
  if (m.maxInputTokens !== null && !inputAtMost(r, m.maxInputTokens)) return false;
  if (m.tools !== null && r.needs.tools !== m.tools) return false;
  if (m.images !== null && r.needs.images !== m.images) return false;
  if (m.jsonMode !== null && r.needs.jsonMode !== m.jsonMode) return false;
  if (m.minContextTokens !== null && !contextAtLeast(r, m.minContextTokens)) return false;
  if (m.complexity && !m.complexity.has(complexity())) return false;
  return true;
}

// The cheap upper bound (RouteRequest.inputTokensUpperBound) settles most size conditions without
// tokenizing the prompt: a request whose bound is under a minimum is surely under it, one whose bound
// is within a maximum surely within. Only the rest read estimatedInputTokens (which may tokenize).
function inputAtLeast(r: RouteRequest, min: number): boolean {
  if (r.inputTokensUpperBound !== undefined && r.inputTokensUpperBound < min) return false;
  return r.estimatedInputTokens >= min;
}

function inputAtMost(r: RouteRequest, max: number): boolean {
  if (r.inputTokensUpperBound !== undefined && r.inputTokensUpperBound <= max) return true;
  return r.estimatedInputTokens <= max;
}

function contextAtLeast(r: RouteRequest, min: number): boolean {
  if (r.inputTokensUpperBound !== undefined && r.inputTokensUpperBound + (r.requestedOutputTokens ?? 0) < min) return false;
  return neededContext(r) >= min;
}

/** Tokens of context the request needs: its input and the output it asked for. */
export function neededContext(r: Pick<RouteRequest, "estimatedInputTokens" | "requestedOutputTokens">): number {
  return r.estimatedInputTokens + (r.requestedOutputTokens ?? 0);
}
