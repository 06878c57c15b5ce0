// What a usage row records about how its request was routed (the row's
// `routing` JSON column). One row per attempt: the row of attempt 0 also
// carries what was skipped before trying and what shadow policies would have
// done; every row names the rule and the attempt's role, so spend by rule,
// the local/burst split and fallback rates are sums over rows, never joins.
// Version 1; readers must ignore fields they do not know.
import type { RouteDecision, SkippedTarget } from "./route-types";

export type AttemptRole = "primary" | "fallback" | "escalation";

export interface RouteRecord {
  v: 1;
  policyId: string | null;
  ruleId: string | null;
  action: RouteDecision["action"];
  role: AttemptRole;
  /** Set on a local-first rule's rows: whether this attempt ran on the local model or burst to the cloud one, and why. */
  local: { model: string; served: "local" | "burst"; reason: LocalBurstReason | null } | null;
  /** Set when the rule caches: "hit" rows cost nothing and name what the cached answer cost when it was made. */
  cache: { status: "hit" | "miss"; savedCostUsd?: string } | null;
  /** Attempt 0 only. */
  skipped?: SkippedTarget[];
  /** Attempt 0 only: what each shadow policy would have sent the request to (null: nothing could serve). */
  shadow?: { policyId: string | null; ruleId: string | null; action: RouteDecision["action"]; model: string | null }[];
  /** A split's sticky bucket (0-99). */
  bucket?: number;
  /** A cascade's strongest model (its last candidate): what the cascade is measured against. */
  strongest?: string;
}

export type LocalBurstReason = "at-capacity" | "ttft-over-objective" | "holding" | "local-failed";

export function routeRecord(
  decision: RouteDecision,
  attempt: { index: number; role: AttemptRole; local?: RouteRecord["local"]; cache?: RouteRecord["cache"] },
  shadow: readonly RouteDecision[] = [],
): RouteRecord {
  const record: RouteRecord = {
    v: 1, policyId: decision.policyId, ruleId: decision.ruleId, action: decision.action, role: attempt.role,
    local: attempt.local ?? null, cache: attempt.cache ?? null,
  };
  if (decision.sticky) record.bucket = decision.sticky.bucket;
  if (decision.action === "cascade" && decision.candidates.length > 0) record.strongest = decision.candidates[decision.candidates.length - 1]!;
  if (attempt.index === 0) {
    if (decision.skipped.length > 0) record.skipped = decision.skipped;
    if (shadow.length > 0) record.shadow = shadow.map((s) => ({ policyId: s.policyId, ruleId: s.ruleId, action: s.action, model: s.candidates[0] ?? null }));
  }
  return record;
}
