// x-tollgate-route: which rule sent the request where, and after how many
// attempts, as a structured-field dictionary (RFC 9651) a client can parse:
//   policy="cm1...", rule="cheap-first", action=fallback, deployment="dep_1", attempts=2
// Rule ids and cuids are tokens of [A-Za-z0-9._:-], so quoting them is safe.
import type { RouteDecision } from "../routing/route-types";

export function routeHeader(decision: RouteDecision, deploymentId: string, attempts: number, cache?: "hit" | "miss"): string {
  const parts: string[] = [];
  if (decision.policyId) parts.push(`policy=${quote(decision.policyId)}`);
  if (decision.ruleId) parts.push(`rule=${quote(decision.ruleId)}`);
  parts.push(`action=${decision.action}`, `deployment=${quote(deploymentId)}`, `attempts=${attempts}`);
  if (cache) parts.push(`cache=${cache}`);
  return parts.join(", ");
}

function quote(s: string): string {
  return `"${s.replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "")}"`;
}
