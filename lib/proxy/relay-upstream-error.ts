// An upstream error: 5xx becomes our 502 with the upstream's message; the
// upstream's own 4xx goes to the caller as it was said. Metered either way.
import type { ServerResponse } from "node:http";
import { ProxyError } from "./proxy-error";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readLimited } from "./read-limited";
import { settleUsage } from "./settle-usage";
import type { UpstreamResponse } from "./upstream-client";

export async function relayUpstreamError(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse) {
  const raw = await readLimited(upstream.body, 1024 * 1024).catch(() => Buffer.alloc(0));
  const upstreamMessage = readErrorMessage(raw);
  settleUsage(deps, a, { status: upstream.statusCode, usage: null, errorClass: `upstream_${upstream.statusCode}`, ttftMs: null });
  // The upstream refusing Tollgate's own credential is not the caller's fault: say so, as a 502.
  if (upstream.statusCode === 401 || upstream.statusCode === 403) {
    throw new ProxyError(502, "upstream_auth_failed", `The upstream (${a.deployment.providerName}) refused the credential configured for it in Tollgate (${upstream.statusCode}); an admin must set a valid API key for this provider`);
  }
  if (upstream.statusCode >= 500) {
    throw new ProxyError(502, "upstream_error", `The upstream (${a.deployment.providerName}) failed with ${upstream.statusCode}${upstreamMessage ? `: ${upstreamMessage}` : ""}`);
  }
  // Client errors from the upstream are the caller's to see, as the upstream said them.
  if (upstreamMessage !== null && isOpenAiError(raw)) {
    res.writeHead(upstream.statusCode, { "content-type": "application/json", "content-length": raw.length, "x-request-id": a.requestId, ...a.responseHeaders });
    res.end(raw);
    return;
  }
  throw new ProxyError(upstream.statusCode, `upstream_${upstream.statusCode}`, upstreamMessage ?? `The upstream answered ${upstream.statusCode}`);
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
