// The shapes of a routing decision: what the proxy knows about a request,
// the live state routing reads (shared across instances through Redis), and
// what it decides.
import type { ComplexityBand, EscalationTrigger, RouteEndpoint } from "./policy-schema";

export interface RouteRequest {
  /** Buckets a split with stickyBy "none", or when the sticky key is missing. */
  requestId: string;
  projectId: string;
  apiKeyId: string;
  tags: readonly string[];
  /** The model the client asked for. */
  model: string;
  endpoint: RouteEndpoint;
  estimatedInputTokens: number;
  /**
   * A cheap bound no smaller than estimatedInputTokens (the proxy passes the body's byte length for bodies
   * without images: a token is at least a byte). When it shows a target fits, the prompt is never tokenized;
   * estimatedInputTokens may then be a lazy getter.
   */
  inputTokensUpperBound?: number;
  /** max_tokens / max_completion_tokens / max_output_tokens when the client set one. */
  requestedOutputTokens: number | null;
  needs: { tools: boolean; images: boolean; jsonMode: boolean };
  stream: boolean;
  /** The body's `user`. */
  user: string | null;
  /** The x-tollgate-session header. */
  sessionId: string | null;
  /** A band, or a function computing it: called at most once, and only when a rule matches on complexity. */
  complexity: ComplexityBand | (() => ComplexityBand);
}

export interface RouteState {
  /** Requests in flight per local model alias, across all proxy instances. */
  localInFlight?: Readonly<Record<string, number>>;
  /** Local model aliases currently bursting to their cloud target (nextBurstState). */
  burstActive?: Readonly<Record<string, boolean>>;
  /** Cooled-down deployment ids or model aliases; a model is skipped when it or all its deployments are. */
  cooledDown?: ReadonlySet<string>;
}

export type SkipReason =
  | "unknown-model"
  | "no-deployment"
  | "cooled-down"
  | "context-too-small"
  | "no-tools"
  | "no-images"
  | "local-at-capacity"
  | "local-bursting";

export interface SkippedTarget {
  model: string;
  reason: SkipReason;
}

export interface RouteDecision {
  mode: "enforce" | "shadow";
  /** null: no rule matched; the requested model is the only candidate. */
  policyId: string | null;
  policyName: string | null;
  ruleId: string | null;
  action: "route" | "split" | "fallback" | "cascade" | "local-first" | "default";
  /** Aliases to try in order: the first serves, the rest are fallbacks. Empty: nothing can serve (see skipped). */
  candidates: string[];
  /** Targets left out before anything was tried, and why, in the rule's order. */
  skipped: SkippedTarget[];
  /** A split's bucket (0-99) and what it was hashed from. */
  sticky: { bucket: number; by: "user" | "session" | "request" } | null;
  cache: { ttlSec: number; shareAcrossProjects: boolean } | null;
  /** The rule's failover settings (null: the defaults). */
  failover: { ttftTimeoutMs: number | null; maxAttempts: number | null } | null;
  /** Set for a cascade on a non-streaming request: escalate along candidates when an answer fails a trigger. */
  cascade: { escalateOn: EscalationTrigger[] } | null;
  /** Set for local-first: what the proxy counts in flight and whether this request burst. */
  localFirst: { local: string; cloud: string; maxConcurrent: number; ttftObjectiveMs: number | null; resumeBelowPercent: number | null; bursting: boolean } | null;
}

export interface RoutingDecisions {
  /** Where the request goes. */
  enforced: RouteDecision;
  /** What each shadow policy reached before the enforced rule would have done, had it been enforced; never applied. */
  shadow: RouteDecision[];
}
