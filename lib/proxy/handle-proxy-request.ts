// The proxy's hot path, on plain node:http (no framework routing):
// authenticate the key (cached), resolve the model to a deployment (cached),
// forward to the upstream over a keep-alive pool, stream bytes straight
// back, then price the request and append one usage event to Redis.
// Nothing here waits on Postgres once the caches are warm.
import type { IncomingMessage, ServerResponse } from "node:http";
import { admitRequest } from "../limits/admit-request";
import { estimateReservation } from "../limits/estimate-reservation";
import { resolveDowngrade } from "../limits/resolve-downgrade";
import type { Logger } from "../log/logger";
import { priceInEffect } from "../pricing/price-in-effect";
import type { AuthenticatedKey } from "./api-key-cache";
import { parseRequestBody } from "./parse-request-body";
import { parseTags } from "./parse-tags";
import { ProxyError, sendProxyError } from "./proxy-error";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readBody } from "./read-body";
import { relayJson } from "./relay-json";
import { relayStream } from "./relay-stream";
import { relayUpstreamError } from "./relay-upstream-error";
import { nextRequestId } from "./request-id";
import { validateRequestBody } from "./validate-request-body";
import type { OrgCatalog, CatalogModel } from "./model-catalog";
import { releaseUnsettled, settleUsage } from "./settle-usage";
import { sendUpstream, type UpstreamResponse } from "./upstream-client";

export type { ProxyDeps } from "./proxy-types";

export const PROXY_PREFIX = "/api/v1";

const ENDPOINTS: Record<string, { path: string; streams: boolean }> = {
  "/chat/completions": { path: "/chat/completions", streams: true },
  "/responses": { path: "/responses", streams: true },
  "/embeddings": { path: "/embeddings", streams: false },
};

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
      const body = parseRequestBody(rawBody);
      if (typeof body.model !== "string" || body.model === "") throw new ProxyError(400, "missing_model", "You must provide a model parameter", "model");
      const catalog = await deps.catalog.get(key.orgId);
      const requested = catalog.get(body.model);
      if (!requested) throw new ProxyError(404, "model_not_found", `The model '${body.model}' does not exist or this key cannot use it`, "model");
      if (!requested.deployments[0]) throw new ProxyError(404, "model_not_found", `The model '${body.model}' has no enabled deployment`, "model");
      const fields = validateRequestBody(path, body);

      const attempt: Attempt = {
        requestId, started, admittedAt: new Date(deps.clock()), key, endpoint: path, requestedModel: requested.alias,
        model: requested, deployment: requested.deployments[0], body, rawBody,
        tags: parseTags(req.headers["x-tollgate-tags"]),
        streamed: endpoint.streams && fields.stream, clientAskedUsage: fields.includeUsage,
        admission: null, settled: false, responseHeaders: {},
      };
      await admit(deps, attempt, catalog);
      try {
        await forward(deps, attempt, req, res);
      } finally {
        releaseUnsettled(deps, attempt);
      }
    } catch (error) {
      const proxyError = error instanceof ProxyError ? error : internalError(deps.log, requestId, error);
      deps.metrics?.errorAnswered(proxyError.code);
      sendProxyError(res, proxyError, requestId);
    }
  };
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

/** Reserves budget and takes rate-limit capacity; on a downgrade budget's breach, switches to its cheaper model. */
async function admit(deps: ProxyDeps, a: Attempt, catalog: OrgCatalog): Promise<void> {
  const downgraded = new Set<string>();
  for (;;) {
    const model = a.model;
    const result = await admitRequest(deps.limits, {
      requestId: a.requestId, attempt: 0, orgId: a.key.orgId, projectId: a.key.projectId, keyId: a.key.keyId, tags: a.tags,
      model: model.alias, at: a.admittedAt, downgraded,
      reservation: () => estimateReservation(a.endpoint, a.body, priceInEffect(model.prices, a.admittedAt) ?? null, model.contextWindow),
    });
    if (result.kind === "admitted") {
      a.admission = result.admission;
      Object.assign(a.responseHeaders, result.admission.headers);
      return;
    }
    const target = resolveDowngrade(catalog, result.budget, a.admittedAt);
    if (!target || downgraded.has(result.budget.id)) {
      throw new ProxyError(429, "budget_exceeded", `Budget "${result.budget.name}" is spent and its downgrade model is not available.`);
    }
    downgraded.add(result.budget.id);
    switchModel(a, target, result.budget.name);
  }
}

function switchModel(a: Attempt, model: CatalogModel, budgetName: string): void {
  a.model = model;
  a.deployment = model.deployments[0]!;
  a.responseHeaders["x-tollgate-downgraded-from"] = a.requestedModel;
  a.responseHeaders["x-tollgate-downgrade-reason"] = `budget: ${encodeURIComponent(budgetName)}`;
}

async function forward(deps: ProxyDeps, a: Attempt, req: IncomingMessage, res: ServerResponse) {
  const clientAskedUsage = a.clientAskedUsage;
  // Streams report usage only when asked: always ask (chat completions), hide it later if the client did not.
  const addUsageOption = a.streamed && a.endpoint === "/chat/completions" && !clientAskedUsage;
  let upstreamBody: string | Buffer = a.rawBody;
  if (addUsageOption || a.deployment.upstreamModel !== a.body.model) {
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
    settleUsage(deps, a, { status: proxyError.status, usage: null, errorClass: proxyError.code, ttftMs: null });
    throw proxyError;
  }

  if (upstream.statusCode >= 400) return relayUpstreamError(deps, a, upstream, res);
  if (a.streamed && String(upstream.headers["content-type"] ?? "").includes("text/event-stream")) {
    return relayStream(deps, a, upstream, res, !clientAskedUsage, () => clientClosed);
  }
  return relayJson(deps, a, upstream, res);
}

