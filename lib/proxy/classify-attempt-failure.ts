// Whether a failed attempt may be retried on the next target, and how long
// the deployment that failed should be passed over (its cool-down). Pure.
//
// Fail over on what says "this target cannot serve now": connection errors,
// timeouts, 5xx, 429, and the upstream refusing Tollgate's own credential
// (401/403: not the caller's fault). A context-length error fails over only
// to a model with a larger window. Any other 4xx is the caller's request and
// goes back as it was said: retrying it elsewhere would pay twice for the same
// mistake. A refusal arrives as a 200 and is an answer, never a failure.

export type AttemptFailure =
  | { kind: "network"; code: string }
  | { kind: "status"; status: number; retryAfterMs: number | null; errorCode: string | null; message: string | null };

export interface FailureVerdict {
  failover: boolean;
  /** Only targets with a context window larger than the failed one may follow (a context-length error). */
  needsLargerContext: boolean;
  /** How long to pass the failed deployment over at once (a 429's retry-after, a refused credential); 0: not at once. */
  cooldownMs: number;
  /** Counts toward the deployment's passive-health limit (N failures in a window). */
  unhealthy: boolean;
}

export const MAX_COOLDOWN_MS = 60_000;
const DEFAULT_RATE_LIMIT_COOLDOWN_MS = 5_000;
const CREDENTIAL_COOLDOWN_MS = 60_000;
const CONTEXT_MESSAGE = /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|input is too long/i;

export function classifyAttemptFailure(f: AttemptFailure): FailureVerdict {
  if (f.kind === "network") return { failover: true, needsLargerContext: false, cooldownMs: 0, unhealthy: true };
  const { status } = f;
  if (status === 429) {
    const ms = f.retryAfterMs ?? DEFAULT_RATE_LIMIT_COOLDOWN_MS;
    return { failover: true, needsLargerContext: false, cooldownMs: Math.min(Math.max(ms, 0), MAX_COOLDOWN_MS), unhealthy: false };
  }
  if (status === 401 || status === 403) return { failover: true, needsLargerContext: false, cooldownMs: CREDENTIAL_COOLDOWN_MS, unhealthy: false };
  if (status >= 500) return { failover: true, needsLargerContext: false, cooldownMs: 0, unhealthy: true };
  if (isContextLengthError(f.errorCode, f.message)) return { failover: true, needsLargerContext: true, cooldownMs: 0, unhealthy: false };
  return { failover: false, needsLargerContext: false, cooldownMs: 0, unhealthy: false };
}

export function isContextLengthError(code: string | null, message: string | null): boolean {
  return code === "context_length_exceeded" || code === "string_above_max_length" || (message !== null && CONTEXT_MESSAGE.test(message));
}

/** retry-after-ms, else retry-after in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(headers: Record<string, string | string[] | undefined>, now: number): number | null {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const ms = first(headers["retry-after-ms"]);
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const after = first(headers["retry-after"])?.trim();
  if (!after) return null;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.round(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
