// A non-streaming answer: read it whole (bounded), take usage from it (or
// estimate), settle, and send it on with the request id and exact cost.
import type { ServerResponse } from "node:http";
import { completionText } from "./estimate-tokens";
import { extractUsage } from "./extract-usage";
import { findUsageJson } from "./find-usage-json";
import { ProxyError } from "./proxy-error";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readLimited } from "./read-limited";
import { estimateUsage, settleUsage } from "./settle-usage";
import { toUpstreamError, type UpstreamResponse } from "./upstream-client";

// Upstream response bodies beyond this are cut off (a JSON answer this large is not a completion).
const MAX_UPSTREAM_JSON_BYTES = 64 * 1024 * 1024;

export async function relayJson(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse) {
  let raw: Buffer;
  try {
    raw = await readLimited(upstream.body, MAX_UPSTREAM_JSON_BYTES);
  } catch (error) {
    const proxyError = error instanceof ProxyError ? error : toUpstreamError(error, a.deployment.baseUrl);
    settleUsage(deps, a, { status: proxyError.status, usage: null, errorClass: proxyError.code, ttftMs: null });
    throw proxyError;
  }
  const text = raw.toString("utf8");
  const reported = extractUsage(findUsageJson(text));
  const usage = reported ?? estimateUsage(a.body, completionText(safeParse(text)));
  const cost = settleUsage(deps, a, { status: upstream.statusCode, usage, estimated: !reported, errorClass: null, ttftMs: null });
  res.writeHead(upstream.statusCode, {
    "content-type": String(upstream.headers["content-type"] ?? "application/json"),
    "content-length": raw.length,
    "x-request-id": a.requestId,
    "x-tollgate-cost-usd": cost ?? "unpriced",
    "x-tollgate-served-model": a.model.alias,
    ...a.responseHeaders,
  });
  res.end(raw);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
