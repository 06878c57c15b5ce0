// An upstream error, in two steps so routing can fail over between them:
// readUpstreamError takes the answer in (bounded) and meters the attempt;
// answerUpstreamError tells the client. 5xx becomes our 502 with the
// upstream's message; the upstream's own 4xx goes to the caller as it was
// said, with its retry and rate-limit headers (retry-after, x-ratelimit-*),
// so SDKs back off as the upstream asks. The row's httpStatus is the status
// the client gets (or would have got, for an attempt that failed over), its
// errorClass names the upstream's (`upstream_500`).
import type { ServerResponse } from "node:http";
import type { AttemptFailure } from "./classify-attempt-failure";
import { parseRetryAfterMs } from "./classify-attempt-failure";
import { ProxyError } from "./proxy-error";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readLimited } from "./read-limited";
import { settleUsage } from "./settle-usage";
import type { UpstreamResponse } from "./upstream-client";

export interface UpstreamErrorAnswer {
  status: number;
  raw: Buffer;
  message: string | null;
  code: string | null;
  headers: UpstreamResponse["headers"];
}

export async function readUpstreamError(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse): Promise<UpstreamErrorAnswer> {
  const raw = await readLimited(upstream.body, 1024 * 1024).catch(() => Buffer.alloc(0));
  const parsed = parseError(raw);
  const status = upstream.statusCode;
  settleUsage(deps, a, { status: clientStatus(status), usage: null, errorClass: `upstream_${status}`, ttftMs: null });
  return { status, raw, message: parsed.message, code: parsed.code, headers: upstream.headers };
}

/** What routing reads of an upstream error to decide whether to fail over. */
export function asAttemptFailure(e: UpstreamErrorAnswer, now: number): AttemptFailure {
  return { kind: "status", status: e.status, retryAfterMs: parseRetryAfterMs(e.headers, now), errorCode: e.code, message: e.message };
}

export function answerUpstreamError(a: Attempt, e: UpstreamErrorAnswer, res: ServerResponse): void {
  const { status } = e;
  // The upstream refusing Tollgate's own credential is not the caller's fault: say so, as a 502.
  if (status === 401 || status === 403) {
    throw new ProxyError(502, "upstream_auth_failed", `The upstream (${a.deployment.providerName}) refused the credential configured for it in Tollgate (${status}); an admin must set a valid API key for this provider`, null, a.responseHeaders);
  }
  // The upstream's own advice on when to retry overrides Tollgate's rate-limit headers for this answer.
  const headers = { ...a.responseHeaders, ...retryHeaders(e.headers) };
  if (status >= 500) {
    throw new ProxyError(502, "upstream_error", `The upstream (${a.deployment.providerName}) failed with ${status}${e.message ? `: ${e.message}` : ""}`, null, headers);
  }
  // Client errors from the upstream are the caller's to see, as the upstream said them.
  if (e.message !== null && isOpenAiError(e.raw)) {
    res.writeHead(status, { "content-type": "application/json", "content-length": e.raw.length, "x-request-id": a.requestId, ...headers });
    res.end(e.raw);
    return;
  }
  throw new ProxyError(status, `upstream_${status}`, e.message ?? `The upstream answered ${status}`, null, headers);
}

function clientStatus(upstreamStatus: number): number {
  return upstreamStatus === 401 || upstreamStatus === 403 || upstreamStatus >= 500 ? 502 : upstreamStatus;
}

/** The upstream's retry-after, retry-after-ms and x-ratelimit-* headers, as strings. */
function retryHeaders(headers: UpstreamResponse["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === "retry-after" || lower === "retry-after-ms" || lower.startsWith("x-ratelimit-")) out[lower] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseError(raw: Buffer): { message: string | null; code: string | null } {
  try {
    const body = JSON.parse(raw.toString("utf8")) as { error?: { message?: unknown; code?: unknown } | string; message?: unknown; code?: unknown };
    const code = typeof body.error === "object" && typeof body.error?.code === "string" ? body.error.code.slice(0, 100) : typeof body.code === "string" ? body.code.slice(0, 100) : null;
    if (typeof body.error === "string") return { message: body.error.slice(0, 500), code };
    if (typeof body.error?.message === "string") return { message: body.error.message.slice(0, 500), code };
    if (typeof body.message === "string") return { message: body.message.slice(0, 500), code };
  } catch {
    // not JSON
  }
  const text = raw.toString("utf8").trim();
  return { message: text ? text.slice(0, 200) : null, code: null };
}

function isOpenAiError(raw: Buffer): boolean {
  try {
    const body = JSON.parse(raw.toString("utf8")) as { error?: { message?: unknown } };
    return typeof body.error?.message === "string";
  } catch {
    return false;
  }
}
