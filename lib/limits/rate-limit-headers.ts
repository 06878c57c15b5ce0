// OpenAI-style x-ratelimit-* headers from the tightest limiter a request
// passed (the admission script reports it; -1 means no such limit).

/** 1500 -> "1.5s", 61000 -> "1m1s" (OpenAI's reset format). */
export function formatResetDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  return `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

export function rateLimitHeaders([limitReq, remainingReq, resetReqMs, limitTok, remainingTok, resetTokMs]: number[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (limitReq! >= 0) {
    headers["x-ratelimit-limit-requests"] = String(limitReq);
    headers["x-ratelimit-remaining-requests"] = String(Math.max(0, remainingReq!));
    headers["x-ratelimit-reset-requests"] = formatResetDuration(resetReqMs!);
  }
  if (limitTok! >= 0) {
    headers["x-ratelimit-limit-tokens"] = String(limitTok);
    headers["x-ratelimit-remaining-tokens"] = String(Math.max(0, remainingTok!));
    headers["x-ratelimit-reset-tokens"] = formatResetDuration(resetTokMs!);
  }
  return headers;
}
