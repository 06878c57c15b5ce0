// An upstream error: 5xx becomes our 502 with the upstream's message; the
// upstream's own 4xx goes to the caller as it was said, with its retry and
// rate-limit headers (retry-after, x-ratelimit-*), so SDKs back off as the
// upstream asks. Metered either way: the row's httpStatus is the status the
// client got, its errorClass names the upstream's (`upstream_500`).
import type { ServerResponse } from "node:http";
import { ProxyError } from "./proxy-error";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readLimited } from "./read-limited";
import { settleUsage } from "./settle-usage";
import type { UpstreamResponse } from "./upstream-client";

export async function relayUpstreamError(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse) {
  const raw = await readLimited(upstream.body, 1024 * 1024).catch(() => Buffer.alloc(0));
  const upstreamMessage = readErrorMessage(raw);
  const status = upstream.statusCode;
  const settle = (clientStatus: number) => settleUsage(deps, a, { status: clientStatus, usage: null, errorClass: `upstream_${status}`, ttftMs: null });
  // The upstream refusing Tollgate's own credential is not the caller's fault: say so, as a 502.
  if (status === 401 || status === 403) {
    settle(502);
    throw new ProxyError(502, "upstream_auth_failed", `The upstream (${a.deployment.providerName}) refused the credential configured for it in Tollgate (${status}); an admin must set a valid API key for this provider`);
  }
  // The upstream's own advice on when to retry overrides Tollgate's rate-limit headers for this answer.
  const headers = { ...a.responseHeaders, ...retryHeaders(upstream.headers) };
  settle(status >= 500 ? 502 : status);
  if (status >= 500) {
    throw new ProxyError(502, "upstream_error", `The upstream (${a.deployment.providerName}) failed with ${status}${upstreamMessage ? `: ${upstreamMessage}` : ""}`, null, headers);
  }
  // Client errors from the upstream are the caller's to see, as the upstream said them.
  if (upstreamMessage !== null && isOpenAiError(raw)) {
    res.writeHead(status, { "content-type": "application/json", "content-length": raw.length, "x-request-id": a.requestId, ...headers });
    res.end(raw);
    return;
  }
  throw new ProxyError(status, `upstream_${status}`, upstreamMessage ?? `The upstream answered ${status}`, null, headers);
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

function readErrorMessage(raw: Buffer): string | null {
  try {
    const body = JSON.parse(raw.toString("utf8")) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof body.error === "string") return body.error.slice(0, 500);
    if (typeof body.error?.message === "string") return body.error.message.slice(0, 500);
    if (typeof body.message === "string") return body.message.slice(0, 500);
  } catch {
    // not JSON
  }
  const text = raw.toString("utf8").trim();
  return text ? text.slice(0, 200) : null;
}

function isOpenAiError(raw: Buffer): boolean {
  try {
    const body = JSON.parse(raw.toString("utf8")) as { error?: { message?: unknown } };
    return typeof body.error?.message === "string";
  } catch {
    return false;
  }
}
