// Serves a routed request: tries the decision's targets in order until one
// answers. Every attempt is admitted (budget reserved, rate limits taken) as
// the model it is about to call, metered as its own usage row (attempt
// number, status, error class) and priced as the model that served it, so a
// paid fallback can never spend past a budget checked on a cheaper model.
//
// Fails over on what classify-attempt-failure.ts says is the target's
// failure, never on the caller's own 4xx; a stream only before its first
// byte reached the client. A local-first rule takes a slot on its local
// model (counted across instances in Redis) before trying it, and bursts to
// the cloud target when none is free. A cascade judges each non-streaming
// answer and asks the next model when the answer fails a trigger.
import type { ServerResponse } from "node:http";
import { admitRequest } from "../limits/admit-request";
import { boundReservation, estimateReservation } from "../limits/estimate-reservation";
import { resolveDowngrade } from "../limits/resolve-downgrade";
import { priceInEffect } from "../pricing/price-in-effect";
import { answerForEscalation, failedTrigger } from "../routing/escalation-trigger";
import { routeRecord, type AttemptRole, type LocalBurstReason, type RouteRecord } from "../routing/route-record";
import type { RouteDecision } from "../routing/route-types";
import type { AuthenticatedKey } from "./api-key-cache";
import { classifyAttemptFailure, type AttemptFailure } from "./classify-attempt-failure";
import type { OrgCatalog } from "./model-catalog";
import { largerContextOnly, planAttempts, type AttemptTarget } from "./plan-attempts";
import { ProxyError } from "./proxy-error";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { readJsonAnswer, sendJsonAnswer, type JsonAnswer } from "./relay-json";
import { awaitFirstContent, openStream, relayStream, settleAbandonedStream, type FinishedStream } from "./relay-stream";
import { answerUpstreamError, asAttemptFailure, readUpstreamError } from "./relay-upstream-error";
import { rewriteRequestBody } from "./rewrite-request-body";
import { routeHeader } from "./route-header";
import { releaseUnsettled, settleUsage } from "./settle-usage";
import { sendUpstream, UpstreamAbort, type UpstreamResponse } from "./upstream-client";
import { isCacheable } from "../routing/response-cache/cache-key";
import type { CacheControl } from "../routing/response-cache/read-cache-control";
import { completionFromStream } from "../routing/response-cache/completion-from-stream";
import { sseFromCachedCompletion } from "../routing/response-cache/sse-from-cached-completion";
import type { RouteEndpoint } from "../routing/policy-schema";
import { upstreamDone, upstreamSent, type RequestTiming } from "./request-timing";

export const ENDPOINT_PATHS: Record<string, { path: string; streams: boolean }> = {
  "/chat/completions": { path: "/chat/completions", streams: true },
  "/responses": { path: "/responses", streams: true },
  "/embeddings": { path: "/embeddings", streams: false },
};

/** What is known of the request before any target is tried. */
export interface RoutedRequest {
  requestId: string;
  started: number;
  /** Its attempts' upstream time, added up as they go (request-timing.ts). */
  timing: RequestTiming;
  admittedAt: Date;
  key: AuthenticatedKey;
  endpoint: string;
  requestedModel: string;
  body: Record<string, unknown>;
  rawBody: Buffer;
  tags: string[];
  streamed: boolean;
  clientAskedUsage: boolean;
  routeEndpoint: RouteEndpoint;
  /** What the client's Cache-Control lets the response cache do. */
  cacheControl: CacheControl;
}

/** A caching rule's cache, for this request (null: the rule does not cache, or the request cannot be cached). */
interface RequestCache {
  ttlSec: number;
  store: boolean;
  keyFor: (alias: string) => string;
}

type AttemptOutcome =
  | { kind: "served"; ttftMs: number | null }
  | { kind: "failed"; failure: AttemptFailure; answer: () => void }
  | { kind: "escalate"; trigger: string; answer: () => void };

interface Connection {
  clientClosed: boolean;
  abort: UpstreamAbort | null;
}

export async function serveRoute(deps: ProxyDeps, r: RoutedRequest, decision: RouteDecision, shadow: readonly RouteDecision[], catalog: OrgCatalog, res: ServerResponse): Promise<void> {
  let pending = planAttempts(decision, catalog, deps.cooldowns.active(), decision.failover?.maxAttempts ?? undefined);
  // Only cooled-down models were left and none is in this process's catalog any more (it changed meanwhile).
  if (pending.length === 0) throw new ProxyError(503, "no_route_available", `No model can serve this request now (${decision.skipped.map((s) => `${s.model}: ${s.reason}`).join(", ")})`, "model");
  const conn: Connection = { clientClosed: false, abort: null };
  // Client gone -> stop the upstream call too, and try nothing more.
  res.on("close", () => {
    if (!res.writableFinished) {
      conn.clientClosed = true;
      conn.abort?.abort();
    }
  });

  const cache = requestCache(deps, r, decision);
  if (cache && r.cacheControl.lookup && (await serveFromCache(deps, r, decision, shadow, catalog, pending[0]!, cache, res))) return;

  const lf = decision.localFirst;
  // Bursting on the remembered state: over its TTFT objective, or holding until the load falls below the resume mark.
  let burstReason: LocalBurstReason | null = lf?.bursting ? (deps.localBurst.reason(r.key.orgId, lf.local) === "ttft-over-objective" ? "ttft-over-objective" : "holding") : null;
  // While bursting, each request still counts the local model's load, without waiting for it, so the burst can end.
  if (lf?.bursting) refreshBurst(deps, r.key.orgId, lf);

  let index = 0;
  let escalating = false;
  let last: (() => void) | null = null;
  let lastAttempt: Attempt | null = null;
  // A cascade's answer that failed a trigger: still better for the caller than a later target's error.
  let kept: { a: Attempt; send: () => void } | null = null;
  const answerWith = (fallback: () => void) => {
    if (!kept) return fallback();
    kept.a.responseHeaders["x-tollgate-route"] = routeHeader(decision, kept.a.deployment.id, index + 1);
    kept.send();
  };
  while (pending.length > 0) {
    const target = pending.shift()!;
    let slot: string | null = null;
    let local: RouteRecord["local"] = null;
    if (lf && target.model.alias === lf.local) {
      const member = `${r.requestId}:${index}`;
      const taken = await deps.localSlots.acquire(r.key.orgId, lf.local, member, lf.maxConcurrent);
      if (taken.inFlight !== null) deps.localBurst.update(r.key.orgId, lf.local, taken.inFlight, capacityOf(lf));
      if (!taken.acquired && taken.inFlight !== null) {
        burstReason = "at-capacity";
        continue;
      }
      slot = taken.acquired ? member : null; // Redis unreachable: local without a slot (no burst can be decided)
      local = { model: lf.local, served: "local", reason: null };
    } else if (lf && target.model.alias === lf.cloud) {
      local = { model: lf.local, served: "burst", reason: burstReason ?? "local-failed" };
    }

    const role: AttemptRole = index === 0 ? "primary" : escalating ? "escalation" : "fallback";
    const a = newAttempt(r, index, target, decision, role, local, shadow, cache ? { status: "miss" } : null);
    if (cache) a.responseHeaders["x-tollgate-cache"] = r.cacheControl.lookup ? "miss" : "bypass";
    try {
      const admitted = index === 0 ? await admitFirst(deps, a, catalog) : await admitFallback(deps, a);
      if (!admitted.ok) {
        // A pricier fallback the budget cannot hold is not tried: the caller gets the failure that led here.
        if (last) {
          (kept?.a ?? lastAttempt!).responseHeaders["x-tollgate-fallback-refused"] = `${a.model.alias}: ${admitted.refusal.code}`;
          index--;
          return answerWith(last);
        }
        throw admitted.refusal;
      }
      if (admitted.downgraded) pending = [];
      a.responseHeaders["x-tollgate-route"] = routeHeader(decision, a.deployment.id, index + 1);

      const canFailOver = pending.length > 0;
      const outcome = await tryAttempt(deps, a, res, conn, {
        canFailOver,
        ttftDeadline: canFailOver && decision.failover?.ttftTimeoutMs ? performance.now() + decision.failover.ttftTimeoutMs : null,
        judge: canFailOver && decision.cascade ? decision.cascade.escalateOn : null,
        cache,
      });
      if (outcome.kind === "served") {
        if (local?.served === "local" && outcome.ttftMs !== null) deps.localBurst.recordTtft(r.key.orgId, lf!.local, outcome.ttftMs);
        return;
      }
      last = outcome.answer;
      lastAttempt = a;
      if (outcome.kind === "escalate") {
        escalating = true;
        kept = { a, send: outcome.answer };
      } else {
        const verdict = classifyAttemptFailure(outcome.failure);
        deps.cooldowns.coolDown(target.deployment.id, verdict.cooldownMs);
        if (verdict.unhealthy) deps.cooldowns.recordFailure(target.deployment.id);
        if (!verdict.failover || conn.clientClosed) return answerWith(outcome.answer);
        if (verdict.needsLargerContext) pending = largerContextOnly(pending, target.model);
        escalating = false;
      }
      index++;
    } finally {
      releaseUnsettled(deps, a);
      if (slot) deps.localSlots.release(r.key.orgId, lf!.local, slot);
    }
  }
  index--;
  if (last) return answerWith(last);
  // Every target was skipped before trying (a local model at capacity with no cloud target left).
  throw new ProxyError(503, "no_route_available", `No model can serve this request now (${decision.localFirst ? `${decision.localFirst.local} is at capacity` : "every target was skipped"})`, "model");
}

function newAttempt(
  r: RoutedRequest, index: number, target: AttemptTarget, decision: RouteDecision, role: AttemptRole,
  local: RouteRecord["local"], shadow: readonly RouteDecision[], cache: RouteRecord["cache"],
): Attempt {
  const recorded = decision.policyId !== null || shadow.length > 0 || index > 0 || decision.cache !== null;
  return {
    requestId: r.requestId, index, started: index === 0 ? r.started : performance.now(), admittedAt: r.admittedAt,
    key: r.key, endpoint: r.endpoint, requestedModel: r.requestedModel,
    model: target.model, deployment: target.deployment, body: r.body, rawBody: r.rawBody, tags: r.tags,
    streamed: r.streamed, clientAskedUsage: r.clientAskedUsage,
    route: recorded ? routeRecord(decision, { index, role, local, cache }, shadow) : null,
    admission: null, settled: false, responseHeaders: {}, timing: r.timing, upstreamSentAt: null,
  };
}

type Admitted = { ok: true; downgraded: boolean } | { ok: false; refusal: ProxyError };

/** The first target: a budget in downgrade mode may switch it to its cheaper model (served alone). */
async function admitFirst(deps: ProxyDeps, a: Attempt, catalog: OrgCatalog): Promise<Admitted> {
  const downgraded = new Set<string>();
  for (;;) {
    const result = await admitAs(deps, a, downgraded);
    if (result.kind === "admitted") return { ok: true, downgraded: downgraded.size > 0 };
    const target = resolveDowngrade(catalog, result.budget, a.admittedAt);
    if (!target || downgraded.has(result.budget.id)) {
      return { ok: false, refusal: new ProxyError(429, "budget_exceeded", `Budget "${result.budget.name}" is spent and its downgrade model is not available.`) };
    }
    downgraded.add(result.budget.id);
    a.responseHeaders["x-tollgate-downgraded-from"] = a.model.alias;
    a.responseHeaders["x-tollgate-downgrade-reason"] = `budget: ${encodeURIComponent(result.budget.name)}`;
    a.model = target;
    a.deployment = target.deployments[0]!;
  }
}

/** A fallback: reserved as itself; a budget or rate limit that cannot hold it refuses it (no downgrade mid-chain). */
async function admitFallback(deps: ProxyDeps, a: Attempt): Promise<Admitted> {
  try {
    const result = await admitAs(deps, a, new Set());
    if (result.kind === "admitted") return { ok: true, downgraded: false };
    return { ok: false, refusal: new ProxyError(429, "budget_exceeded", `Budget "${result.budget.name}" has no room for ${a.model.alias}`) };
  } catch (error) {
    if (error instanceof ProxyError && error.status === 429) return { ok: false, refusal: error };
    throw error;
  }
}

async function admitAs(deps: ProxyDeps, a: Attempt, downgraded: Set<string>) {
  const model = a.model;
  const result = await admitRequest(deps.limits, {
    requestId: a.requestId, attempt: a.index, orgId: a.key.orgId, projectId: a.key.projectId, keyId: a.key.keyId, tags: a.tags,
    model: model.alias, at: a.admittedAt, downgraded,
    reservation: () => estimateReservation(a.endpoint, a.body, priceInEffect(model.prices, a.admittedAt) ?? null, model.contextWindow),
    reservationBound: () => boundReservation(a.endpoint, a.body, a.rawBody, priceInEffect(model.prices, a.admittedAt) ?? null, model.contextWindow),
  });
  if (result.kind === "admitted") {
    a.admission = result.admission;
    Object.assign(a.responseHeaders, result.admission.headers);
  }
  return result;
}

/** One call to one deployment: the answer is sent, or the failure is metered and handed back to decide on. */
async function tryAttempt(
  deps: ProxyDeps, a: Attempt, res: ServerResponse, conn: Connection,
  opts: { canFailOver: boolean; ttftDeadline: number | null; judge: NonNullable<RouteDecision["cascade"]>["escalateOn"] | null; cache: RequestCache | null },
): Promise<AttemptOutcome> {
  const abort = new UpstreamAbort();
  conn.abort = abort;
  let upstream: UpstreamResponse;
  try {
    // The request's rewrite is Tollgate's time; the upstream's starts when it is sent.
    const headers = upstreamHeaders(a);
    const body = upstreamBody(a);
    upstreamSent(a);
    upstream = await sendUpstream(deps.agent, `${a.deployment.baseUrl}${ENDPOINT_PATHS[a.endpoint]!.path}`, {
      method: "POST", headers, body, signal: abort, timeoutMs: deps.upstreamTimeoutMs,
      ...(opts.ttftDeadline !== null && a.streamed ? { headersTimeoutMs: Math.round(opts.ttftDeadline - performance.now()) } : {}),
    });
  } catch (error) {
    upstreamDone(a);
    // Only a ProxyError is the upstream's failure; anything else is Tollgate's own (a 500, never a failover).
    if (!(error instanceof ProxyError)) throw error;
    let proxyError = error;
    if (proxyError.code === "upstream_timeout" && opts.ttftDeadline !== null && a.streamed) proxyError = new ProxyError(504, "ttft_timeout", "The upstream sent no first token in time");
    settleUsage(deps, a, { status: proxyError.status, usage: null, errorClass: proxyError.code, ttftMs: null });
    return { kind: "failed", failure: { kind: "network", code: proxyError.code }, answer: () => rethrow(proxyError, a) };
  }

  if (upstream.statusCode >= 400) {
    const error = await readUpstreamError(deps, a, upstream);
    upstreamDone(a);
    return { kind: "failed", failure: asAttemptFailure(error, deps.clock()), answer: () => answerUpstreamError(a, error, res) };
  }

  if (a.streamed && String(upstream.headers["content-type"] ?? "").includes("text/event-stream")) {
    const stream = openStream(upstream, !a.clientAskedUsage);
    const storeStream = opts.cache?.store && upstream.statusCode === 200 ? streamToCache(deps, a, opts.cache) : null;
    if (storeStream) stream.meter.keepRaw(MAX_STREAM_TO_CACHE_BYTES);
    if (opts.canFailOver) {
      const first = await awaitFirstContent(stream, opts.ttftDeadline);
      if (first === "timeout" || first === "broken") {
        abort.abort();
        const code = first === "timeout" ? "ttft_timeout" : "upstream_stream_broken";
        settleAbandonedStream(deps, a, stream, code);
        const error = new ProxyError(first === "timeout" ? 504 : 502, code, first === "timeout" ? `The upstream sent no first token in time` : `The upstream broke the stream before its first token`);
        return { kind: "failed", failure: { kind: "network", code }, answer: () => rethrow(error, a) };
      }
    }
    const ttftMs = await relayStream(deps, a, upstream.statusCode, stream, res, () => conn.clientClosed, storeStream);
    return { kind: "served", ttftMs };
  }

  let answer: JsonAnswer;
  try {
    answer = await readJsonAnswer(deps, a, upstream);
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    const proxyError = error;
    return { kind: "failed", failure: { kind: "network", code: proxyError.code }, answer: () => rethrow(proxyError, a) };
  }
  if (opts.judge) {
    const trigger = await failedTrigger(opts.judge, a.body, answerForEscalation(answer.parsed()));
    if (trigger !== null) return { kind: "escalate", trigger, answer: () => sendJsonAnswer(a, answer, res) };
  }
  sendJsonAnswer(a, answer, res);
  // Stored under the model that served it: a cached answer of one model is never served as another's.
  if (opts.cache?.store && answer.status === 200) {
    void deps.responseCache.put(opts.cache.keyFor(a.model.alias), {
      servedModel: a.model.alias, deploymentId: a.deployment.id, status: 200, contentType: answer.contentType, body: answer.raw, usage: answer.usage, costUsd: answer.cost, createdAt: a.admittedAt,
    }, opts.cache.ttlSec);
  }
  return { kind: "served", ttftMs: null };
}

/** A streamed answer's bytes kept for the cache at most (a larger completion would not fit an entry anyway). */
const MAX_STREAM_TO_CACHE_BYTES = 2 * 1024 * 1024;

/** Stores a stream that finished normally as the completion a JSON request would have got (not when it cannot be rebuilt exactly). */
function streamToCache(deps: ProxyDeps, a: Attempt, cache: RequestCache) {
  return (finished: FinishedStream) => {
    const body = completionFromStream(finished.raw);
    // Stored only if it replays as a stream again (what a streaming hit will ask of it).
    if (!body || !sseFromCachedCompletion(body, { includeUsage: true })) return;
    void deps.responseCache.put(cache.keyFor(a.model.alias), {
      servedModel: a.model.alias, deploymentId: a.deployment.id, status: 200, contentType: "application/json", body, usage: finished.usage, costUsd: finished.cost, createdAt: a.admittedAt,
    }, cache.ttlSec);
  };
}

function requestCache(deps: ProxyDeps, r: RoutedRequest, decision: RouteDecision): RequestCache | null {
  const rule = decision.cache;
  if (!rule || !isCacheable(r.routeEndpoint, r.body)) return null;
  const base = { orgId: r.key.orgId, projectId: r.key.projectId, shareAcrossProjects: rule.shareAcrossProjects, endpoint: r.routeEndpoint, body: r.body };
  // The lookup's key is usually the put's too (the first target served): hashed once.
  let last: { alias: string; key: string } | null = null;
  const keyFor = (alias: string) => (last?.alias === alias ? last.key : (last = { alias, key: deps.cacheKeys.keyFor({ ...base, model: alias }, r.rawBody) }).key);
  return { ttlSec: rule.ttlSec, store: r.cacheControl.store, keyFor };
}

/**
 * Answers from the cache when the first target has an entry: a $0 row that names the cost it saved. Nothing
 * is reserved (no model runs). A streaming request gets the cached completion replayed as a stream.
 */
async function serveFromCache(
  deps: ProxyDeps, r: RoutedRequest, decision: RouteDecision, shadow: readonly RouteDecision[], catalog: OrgCatalog,
  first: AttemptTarget, cache: RequestCache, res: ServerResponse,
): Promise<boolean> {
  const key = cache.keyFor(first.model.alias);
  const hit = await deps.responseCache.get(key, cache.ttlSec);
  if (!hit) return false;
  const body = r.streamed ? deps.responseReplays.sse(key, hit, r.clientAskedUsage) : hit.body;
  if (!body) return false;
  const model = catalog.get(hit.servedModel) ?? first.model;
  const deployment = model.deployments.find((d) => d.id === hit.deploymentId) ?? first.deployment;
  const a = newAttempt(r, 0, { model, deployment }, decision, "primary", null, shadow, { status: "hit", ...(hit.costUsd === null ? {} : { savedCostUsd: hit.costUsd }) });
  settleUsage(deps, a, { status: 200, usage: null, errorClass: null, ttftMs: null, fromCache: true });
  res.writeHead(200, {
    "content-type": r.streamed ? "text/event-stream; charset=utf-8" : hit.contentType,
    "content-length": body.length,
    "x-request-id": r.requestId,
    "x-tollgate-cost-usd": "0",
    "x-tollgate-served-model": model.alias,
    "x-tollgate-cache": "hit",
    ...(hit.costUsd === null ? {} : { "x-tollgate-saved-usd": hit.costUsd }),
    "x-tollgate-route": routeHeader(decision, deployment.id, 0, "hit"),
  });
  res.end(body);
  return true;
}

function rethrow(error: ProxyError, a: Attempt): never {
  throw new ProxyError(error.status, error.code, error.message, error.param, { ...a.responseHeaders, ...error.headers });
}

function upstreamBody(a: Attempt): string | Buffer {
  // Streams report usage only when asked: always ask (chat completions), hide it later if the client did not.
  const addUsageOption = a.streamed && a.endpoint === "/chat/completions" && !a.clientAskedUsage;
  const renamed = a.deployment.upstreamModel !== a.body.model;
  if (!addUsageOption && !renamed) return a.rawBody;
  const spliced = rewriteRequestBody(a.rawBody, { ...(renamed ? { model: a.deployment.upstreamModel } : {}), addIncludeUsage: addUsageOption });
  if (spliced) return spliced;
  const rewritten: Record<string, unknown> = { ...a.body, model: a.deployment.upstreamModel };
  if (addUsageOption) rewritten.stream_options = { ...(a.body.stream_options as object | undefined), include_usage: true };
  return JSON.stringify(rewritten);
}

function upstreamHeaders(a: Attempt): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: a.streamed ? "text/event-stream" : "application/json" };
  if (a.deployment.credential) headers.authorization = `Bearer ${a.deployment.credential}`;
  return headers;
}

function capacityOf(lf: NonNullable<RouteDecision["localFirst"]>) {
  return { maxConcurrent: lf.maxConcurrent, ...(lf.ttftObjectiveMs === null ? {} : { ttftObjectiveMs: lf.ttftObjectiveMs }), ...(lf.resumeBelowPercent === null ? {} : { resumeBelowPercent: lf.resumeBelowPercent }) };
}

function refreshBurst(deps: ProxyDeps, orgId: string, lf: NonNullable<RouteDecision["localFirst"]>): void {
  void deps.localSlots.count(orgId, lf.local).then((n) => {
    if (n !== null) deps.localBurst.update(orgId, lf.local, n, capacityOf(lf));
  });
}
