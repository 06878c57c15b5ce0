// The proxy's hot path, on plain node:http (no framework routing):
// authenticate the key (cached), read the body, let routing decide which
// models may serve it (compiled per org, cached), then try them in order
// (serve-route.ts): forward to the upstream over a keep-alive pool, stream
// bytes straight back, price each attempt and append its usage event to
// Redis. Nothing here waits on Postgres once the caches are warm.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../log/logger";
import { decideRoute } from "../routing/decide-route";
import { describeRouteRequest, routeEndpointForPath } from "../routing/describe-route-request";
import type { AuthenticatedKey } from "./api-key-cache";
import { inputTokensUpperBound } from "./estimate-tokens";
import { noRouteError } from "./no-route-error";
import { parseRequestBody } from "./parse-request-body";
import { effectiveTags } from "./effective-tags";
import { parseTags } from "./parse-tags";
import { ProxyError, sendProxyError } from "./proxy-error";
import type { ProxyDeps } from "./proxy-types";
import { readBody } from "./read-body";
import { nextRequestId } from "./request-id";
import { serveRoute, ENDPOINT_PATHS } from "./serve-route";
import { validateRequestBody } from "./validate-request-body";
import { readCacheControl } from "../routing/response-cache/read-cache-control";
import { overheadMs, type RequestTiming } from "./request-timing";

export type { ProxyDeps } from "./proxy-types";

export const PROXY_PREFIX = "/api/v1";

export function createProxyHandler(deps: ProxyDeps) {
  return async function handleProxyRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = nextRequestId();
    const started = performance.now();
    try {
      const path = (req.url ?? "").split("?")[0]!.slice(PROXY_PREFIX.length);
      const key = await deps.keys.authenticate(req.headers.authorization);
      if (req.method === "GET" && path === "/models") return await listModels(deps, key, res, requestId);
      const endpoint = routeEndpointForPath(path);
      if (!endpoint || !Object.hasOwn(ENDPOINT_PATHS, path)) throw new ProxyError(404, "unknown_url", `Unknown endpoint: ${req.method} ${PROXY_PREFIX}${path}`);
      if (req.method !== "POST") throw new ProxyError(405, "method_not_allowed", `Use POST for ${PROXY_PREFIX}${path}`);

      const rawBody = await readBody(req, deps.maxBodyBytes);
      const body = parseRequestBody(rawBody);
      if (typeof body.model !== "string" || body.model === "") throw new ProxyError(400, "missing_model", "You must provide a model parameter", "model");
      const [catalog, routing] = await Promise.all([deps.catalog.get(key.orgId), deps.routing.get(key.orgId)]);
      // Tags fixed on the key come first and cannot be dropped or contradicted by the header.
      const tags = effectiveTags(parseTags(req.headers["x-tollgate-tags"]), key.fixedTags);

      const upperBound = inputTokensUpperBound(rawBody, body);
      const routeRequest = describeRouteRequest(body, {
        requestId, projectId: key.projectId, apiKeyId: key.keyId, tags, endpoint,
        sessionId: headerValue(req.headers["x-tollgate-session"]),
        // A token is at least a byte of the body, framing aside; images are counted by the thousand, so they get no bound.
        ...(upperBound === null ? {} : { inputTokensUpperBound: upperBound }),
      });
      const decisions = decideRoute(routing, routeRequest, { cooledDown: deps.cooldowns.active(), burstActive: deps.localBurst.flags(key.orgId) });
      const decision = decisions.enforced;
      if (decision.candidates.length === 0 && !decision.skipped.some((s) => s.reason === "cooled-down")) throw noRouteError(decision, routeRequest);
      const fields = validateRequestBody(path, body);

      const timing: RequestTiming = { upstreamMs: 0 };
      await serveRoute(deps, {
        requestId, started, timing, admittedAt: new Date(deps.clock()), key, endpoint: path, requestedModel: body.model,
        body, rawBody, tags, streamed: ENDPOINT_PATHS[path]!.streams && fields.stream, clientAskedUsage: fields.includeUsage,
        routeEndpoint: endpoint, cacheControl: readCacheControl(req.headers["cache-control"]),
      }, decision, decisions.shadow, catalog, res);
      deps.metrics?.overheadObserved(overheadMs(started, timing) / 1000);
    } catch (error) {
      const proxyError = error instanceof ProxyError ? error : internalError(deps.log, requestId, error);
      deps.metrics?.errorAnswered(proxyError.code);
      try {
        sendProxyError(res, proxyError, requestId);
      } catch (sendError) {
        // The answer itself could not be written (a bug: a bad status or header). This promise must not reject:
        // nothing awaits it, and an unhandled rejection ends the process, and every request in it.
        internalError(deps.log, requestId, sendError);
        res.destroy();
      }
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

function headerValue(v: string | string[] | undefined): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === "" ? null : s;
}
