// A non-streaming answer: read it whole (bounded), take usage from it (or
// estimate), settle, and send it on with the request id and exact cost.
// Reading and sending are apart so a cascade can judge the answer between.
import type { ServerResponse } from "node:http";
import { completionText } from "./estimate-tokens";
import { extractUsage } from "./extract-usage";
import { findUsageJson } from "./find-usage-json";
import { ProxyError } from "./proxy-error";
import type { TokenUsage } from "../pricing/price-request";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readLimited } from "./read-limited";
import { estimateUsage, settleUsage } from "./settle-usage";
import { toUpstreamError, type UpstreamResponse } from "./upstream-client";
import { upstreamDone } from "./request-timing";

// Upstream response bodies beyond this are cut off (a JSON answer this large is not a completion).
const MAX_UPSTREAM_JSON_BYTES = 64 * 1024 * 1024;

export interface JsonAnswer {
  status: number;
  contentType: string;
  raw: Buffer;
  /** The parsed body (undefined when it is not JSON), parsed on first call: only a cascade judging the answer needs it. */
  parsed: () => unknown;
  /** Exact cost as a decimal string; null: unpriced. */
  cost: string | null;
  usage: TokenUsage;
}

/** Reads and meters the answer; a body that breaks off while read is the attempt's failure (thrown, metered). */
export async function readJsonAnswer(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse): Promise<JsonAnswer> {
  let raw: Buffer;
  try {
    raw = await readLimited(upstream.body, MAX_UPSTREAM_JSON_BYTES);
    upstreamDone(a);
  } catch (error) {
    upstreamDone(a);
    const proxyError = error instanceof ProxyError ? error : toUpstreamError(error, a.deployment.baseUrl);
    settleUsage(deps, a, { status: proxyError.status, usage: null, errorClass: proxyError.code, ttftMs: null });
    throw proxyError;
  }
  const text = raw.toString("utf8");
  let parsedOnce: { value: unknown } | null = null;
  const parsed = () => (parsedOnce ??= { value: safeParse(text) }).value;
  // The usage object is read on its own; the whole body is parsed only to estimate an answer without usage.
  const reported = extractUsage(findUsageJson(text));
  const usage = reported ?? estimateUsage(a.body, completionText(parsed()));
  const cost = settleUsage(deps, a, { status: upstream.statusCode, usage, estimated: !reported, errorClass: null, ttftMs: null });
  return { status: upstream.statusCode, contentType: String(upstream.headers["content-type"] ?? "application/json"), raw, parsed, cost, usage };
}

export function sendJsonAnswer(a: Attempt, answer: JsonAnswer, res: ServerResponse): void {
  res.writeHead(answer.status, {
    "content-type": answer.contentType,
    "content-length": answer.raw.length,
    "x-request-id": a.requestId,
    "x-tollgate-cost-usd": answer.cost ?? "unpriced",
    "x-tollgate-served-model": a.model.alias,
    ...a.responseHeaders,
  });
  res.end(answer.raw);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
