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
  if (m.minInputTokens !== null && r.estimatedInputTokens < m.minInputTokens) return false;
  if (m.maxInputTokens !== null && r.estimatedInputTokens > m.maxInputTokens) return false;
  if (m.tools !== null && r.needs.tools !== m.tools) return false;
  if (m.images !== null && r.needs.images !== m.images) return false;
  if (m.jsonMode !== null && r.needs.jsonMode !== m.jsonMode) return false;
  if (m.minContextTokens !== null && neededContext(r) < m.minContextTokens) return false;
  if (m.complexity && !m.complexity.has(complexity())) return false;
  return true;
}

/** Tokens of context the request needs: its input and the output it asked for. */
export function neededContext(r: Pick<RouteRequest, "estimatedInputTokens" | "requestedOutputTokens">): number {
  return r.estimatedInputTokens + (r.requestedOutputTokens ?? 0);
}
