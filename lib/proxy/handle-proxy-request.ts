// The proxy's hot path, on plain node:http (no framework routing):
// authenticate the key (cached), resolve the model to a deployment (cached),
// forward to the upstream over a keep-alive pool, stream bytes straight
// back, then price the request and append one usage event to Redis.
// Nothing here waits on Postgres once the caches are warm.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Agent } from "undici";
import type { Logger } from "../log/logger";
import { priceInEffect } from "../pricing/price-in-effect";
import { priceRequest, type TokenUsage } from "../pricing/price-request";
import type { UsageEmitter } from "../usage/usage-emitter";
import type { UsageEventInput } from "../usage/usage-event-schema";
import type { ApiKeyCache, AuthenticatedKey } from "./api-key-cache";
import { completionText, estimateTokens, promptText } from "./estimate-tokens";
import { extractUsage } from "./extract-usage";
import { findUsageJson } from "./find-usage-json";
import type { CatalogDeployment, CatalogModel, ModelCatalog } from "./model-catalog";
import { parseTags } from "./parse-tags";
import { ProxyError, sendProxyError } from "./proxy-error";
import { readBody } from "./read-body";
import { nextRequestId } from "./request-id";
import { SseMeter } from "./sse-meter";
import { sendUpstream, toUpstreamError, type UpstreamResponse } from "./upstream-client";

export const PROXY_PREFIX = "/api/v1";

export interface ProxyDeps {
  keys: ApiKeyCache;
  catalog: ModelCatalog;
  usage: UsageEmitter;
  agent: Agent;
  log: Logger;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
}

const ENDPOINTS: Record<string, { path: string; streams: boolean }> = {
  "/chat/completions": { path: "/chat/completions", streams: true },
  "/responses": { path: "/responses", streams: true },
  "/embeddings": { path: "/embeddings", streams: false },
};

// Upstream response bodies beyond this are cut off (a JSON answer this large is not a completion).
const MAX_UPSTREAM_JSON_BYTES = 64 * 1024 * 1024;

interface Attempt {
  requestId: string;
  started: number;
  key: AuthenticatedKey;
  endpoint: string;
  model: CatalogModel;
  deployment: CatalogDeployment;
  body: Record<string, unknown>;
  rawBody: Buffer;
  tags: string[];
  streamed: boolean;
}

export function createProxyHandler(deps: ProxyDeps) {
  return async function handleProxyRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = nextRequestId();
    const started = performance.now();
    try {
      const path = (req.url ?? "").split("?")[0]!.slice(PROXY_PREFIX.length);
      const key = await deps.keys.authenticate(req.headers.authorization);
      if (req.method === "GET" && path === "/models") return await listModels(deps, key, res, requestId);
      const endpoint = ENDPOINTS[path];
      if (!endpoint) throw new ProxyError(404, "unknown_url", `Unknown endpoint: ${req.method} ${PROXY_PREFIX}${path}`);
      if (req.method !== "POST") throw new ProxyError(405, "method_not_allowed", `Use POST for ${PROXY_PREFIX}${path}`);

      const rawBody = await readBody(req, deps.maxBodyBytes);
      const body = parseJsonObject(rawBody);
      if (typeof body.model !== "string" || body.model === "") throw new ProxyError(400, "missing_model", "You must provide a model parameter", "model");
      const catalog = await deps.catalog.get(key.orgId);
      const model = catalog.get(body.model);
      if (!model) throw new ProxyError(404, "model_not_found", `The model '${body.model}' does not exist or this key cannot use it`, "model");
      const deployment = model.deployments[0];
      if (!deployment) throw new ProxyError(404, "model_not_found", `The model '${body.model}' has no enabled deployment`, "model");

      const attempt: Attempt = {
        requestId, started, key, endpoint: path, model, deployment, body, rawBody,
        tags: parseTags(req.headers["x-tollgate-tags"]),
        streamed: endpoint.streams && body.stream === true,
      };
      await forward(deps, attempt, req, res);
    } catch (error) {
      const proxyError = error instanceof ProxyError ? error : internalError(deps.log, requestId, error);
      sendProxyError(res, proxyError, requestId);
    }
  };
}

function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ProxyError(400, "invalid_json", "We could not parse the JSON body of your request");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ProxyError(400, "invalid_request_body", "The request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

function internalError(log: Logger, requestId: string, error: unknown): ProxyError {
  log.error({ requestId, err: error instanceof Error ? error.message : String(error) }, "proxy error");
  return new ProxyError(500, "internal_error", `Tollgate failed to handle the request (request id ${requestId})`);
}

async function listModels(deps: ProxyDeps, key: AuthenticatedKey, res: ServerResponse, requestId: string) {
  const catalog = await deps.catalog.get(key.orgId);
  const data = [...catalog.values()]
    .filter((m) => m.deployments.length > 0)
    .map((m) => ({ id: m.alias, object: "model", created: 0, owned_by: m.deployments[0]!.providerName }));
  const body = JSON.stringify({ object: "list", data });
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": requestId });
  res.end(body);
}

async function forward(deps: ProxyDeps, a: Attempt, req: IncomingMessage, res: ServerResponse) {
  const clientAskedUsage = (a.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  // Streams report usage only when asked: always ask (chat completions), hide it later if the client did not.
  const addUsageOption = a.streamed && a.endpoint === "/chat/completions" && !clientAskedUsage;
  let upstreamBody: string | Buffer = a.rawBody;
  if (addUsageOption || a.deployment.upstreamModel !== a.model.alias) {
    const rewritten: Record<string, unknown> = { ...a.body, model: a.deployment.upstreamModel };
    if (addUsageOption) rewritten.stream_options = { ...(a.body.stream_options as object | undefined), include_usage: true };
    upstreamBody = JSON.stringify(rewritten);
  }
  const headers: Record<string, string> = { "content-type": "application/json", accept: a.streamed ? "text/event-stream" : "application/json" };
  if (a.deployment.credential) headers.authorization = `Bearer ${a.deployment.credential}`;

  // Client gone -> stop the upstream call too.
  const abort = new AbortController();
  let clientClosed = false;
  res.on("close", () => {
    if (!res.writableFinished) {
      clientClosed = true;
      abort.abort();
    }
  });

  const url = `${a.deployment.baseUrl}${ENDPOINTS[a.endpoint]!.path}`;
  let upstream: UpstreamResponse;
  try {
    upstream = await sendUpstream(deps.agent, url, { method: "POST", headers, body: upstreamBody, signal: abort.signal, timeoutMs: deps.upstreamTimeoutMs });
  } catch (error) {
    const proxyError = error as ProxyError;
    settle(deps, a, { status: proxyError.status, usage: null, errorClass: proxyError.code, ttftMs: null });
    throw proxyError;
  }

  if (upstream.statusCode >= 400) return relayUpstreamError(deps, a, upstream, res);
  if (a.streamed && String(upstream.headers["content-type"] ?? "").includes("text/event-stream")) {
    return relayStream(deps, a, upstream, res, !clientAskedUsage, () => clientClosed);
  }
  return relayJson(deps, a, upstream, res);
}

async function relayJson(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse) {
  let raw: Buffer;
  try {
    raw = await readLimited(upstream.body, MAX_UPSTREAM_JSON_BYTES);
  } catch (error) {
    const proxyError = error instanceof ProxyError ? error : toUpstreamError(error, a.deployment.baseUrl);
    settle(deps, a, { status: proxyError.status, usage: null, errorClass: proxyError.code, ttftMs: null });
    throw proxyError;
  }
  const text = raw.toString("utf8");
  const reported = extractUsage(findUsageJson(text));
  const usage = reported ?? estimateUsage(a.body, completionText(safeParse(text)));
  const cost = settle(deps, a, { status: upstream.statusCode, usage, estimated: !reported, errorClass: null, ttftMs: null });
  res.writeHead(upstream.statusCode, {
    "content-type": String(upstream.headers["content-type"] ?? "application/json"),
    "content-length": raw.length,
    "x-request-id": a.requestId,
    "x-tollgate-cost-usd": cost ?? "unpriced",
    "x-tollgate-served-model": a.model.alias,
  });
  res.end(raw);
}

async function relayStream(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse, hideUsage: boolean, clientClosed: () => boolean) {
  const meter = new SseMeter(hideUsage);
  res.writeHead(upstream.statusCode, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": a.requestId,
    "x-tollgate-served-model": a.model.alias,
    trailer: "x-tollgate-cost-usd",
  });
  res.flushHeaders();
  let cutOff: string | null = null;
  try {
    for await (const chunk of upstream.body) {
      const out = meter.push(chunk as Buffer);
      if (out && !res.write(out)) await waitForDrain(res);
    }
    const rest = meter.flush();
    if (rest) res.write(rest);
    if (!meter.sawDone) cutOff = "upstream_stream_incomplete";
  } catch {
    cutOff = clientClosed() ? "client_disconnected" : "upstream_stream_broken";
  }
  const ttftMs = meter.firstContentAt === null ? null : Math.round(meter.firstContentAt - a.started);
  // Settled from what was streamed when the stream did not finish with usage.
  const usage = meter.usage ?? estimateUsage(a.body, meter.streamedText());
  const cost = settle(deps, a, { status: 200, usage, estimated: !meter.usage || cutOff !== null, errorClass: cutOff, ttftMs });
  if (!res.destroyed) {
    res.addTrailers({ "x-tollgate-cost-usd": cost ?? "unpriced" });
    res.end();
  }
}

async function relayUpstreamError(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse) {
  const raw = await readLimited(upstream.body, 1024 * 1024).catch(() => Buffer.alloc(0));
  const upstreamMessage = readErrorMessage(raw);
  settle(deps, a, { status: upstream.statusCode, usage: null, errorClass: `upstream_${upstream.statusCode}`, ttftMs: null });
  if (upstream.statusCode >= 500) {
    throw new ProxyError(502, "upstream_error", `The upstream (${a.deployment.providerName}) failed with ${upstream.statusCode}${upstreamMessage ? `: ${upstreamMessage}` : ""}`);
  }
  // Client errors from the upstream are the caller's to see, as the upstream said them.
  if (upstreamMessage !== null && isOpenAiError(raw)) {
    res.writeHead(upstream.statusCode, { "content-type": "application/json", "content-length": raw.length, "x-request-id": a.requestId });
    res.end(raw);
    return;
  }
  throw new ProxyError(upstream.statusCode, `upstream_${upstream.statusCode}`, upstreamMessage ?? `The upstream answered ${upstream.statusCode}`);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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

function estimateUsage(requestBody: Record<string, unknown>, outputText: string): TokenUsage {
  return { inputTokens: estimateTokens(promptText(requestBody)), cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: estimateTokens(outputText), reasoningTokens: 0 };
}

/** Prices the attempt with the price in effect now and appends its usage event. Returns the cost, null if unpriced. */
function settle(
  deps: ProxyDeps,
  a: Attempt,
  outcome: { status: number; usage: TokenUsage | null; estimated?: boolean; errorClass: string | null; ttftMs: number | null },
): string | null {
  const occurredAt = new Date();
  const usage = outcome.usage ?? { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  const price = priceInEffect(a.model.prices, occurredAt);
  const cost = price ? priceRequest(usage, price).total : null;
  const event: UsageEventInput = {
    requestId: a.requestId,
    attempt: 0,
    occurredAt: occurredAt.toISOString(),
    orgId: a.key.orgId,
    projectId: a.key.projectId,
    apiKeyId: a.key.keyId,
    endpoint: `/v1${a.endpoint}`,
    requestedModel: a.model.alias,
    servedModel: a.model.alias,
    deploymentId: a.deployment.id,
    tier: a.model.tier,
    ...usage,
    costUsd: cost,
    priceId: price?.id ?? null,
    usageSource: outcome.estimated ? "estimated" : "reported",
    latencyMs: Math.max(0, Math.round(performance.now() - a.started)),
    ttftMs: outcome.ttftMs,
    status: outcome.status < 400 ? "ok" : outcome.status < 500 && outcome.status !== 429 ? "client_error" : "upstream_error",
    httpStatus: outcome.status,
    errorClass: outcome.errorClass,
    tags: a.tags,
    endUser: typeof a.body.user === "string" ? a.body.user.slice(0, 256) : null,
    streamed: a.streamed,
  };
  deps.usage.emit(event);
  return cost;
}

async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ProxyError(502, "upstream_response_too_large", "The upstream response was too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
