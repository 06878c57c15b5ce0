// The web process: one node:http server on one port. /api/v1/* (the proxy,
// the path apps call) is served directly on node:http; everything else (UI,
// auth, management API) goes to Next.js. Same origin, no framework routing
// on the hot path.
import http from "node:http";
import path from "node:path";
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { decodeKey } from "../env/env-fields";
import type { WebEnv } from "../env";
import type { Logger } from "../log/logger";
import { FAIL_FAST_REDIS_OPTIONS } from "../redis/create-redis";
import { enqueueBudgetCheck } from "../budgets/enqueue-budget-check";
import { LimitRulesCache } from "../limits/limit-rules";
import { withLimitScripts } from "../limits/limit-scripts";
import { AdmissionLeases } from "../limits/admission-leases";
import { periodWindow } from "../budgets/budget-period";
import { closeTokenLastUsed, DEFAULT_LAST_USED_FLUSH_MS, LastUsedRecorder } from "../access/last-used-recorder";
import { ApiKeyCache } from "../proxy/api-key-cache";
import { createProxyHandler, PROXY_PREFIX } from "../proxy/handle-proxy-request";
import { ModelCatalog } from "../proxy/model-catalog";
import { subscribeCacheInvalidation } from "../proxy/subscribe-cache-invalidation";
import { DEFAULT_PASSIVE_HEALTH, DeploymentCooldowns } from "../proxy/deployment-cooldowns";
import { LocalBurstTracker } from "../proxy/local-burst-tracker";
import { SharedTtftWindow } from "../proxy/shared-ttft-window";
import { DEFAULT_SLOT_LEASE_MS, LocalSlots } from "../proxy/local-slots";
import { RoutingCache } from "../proxy/routing-cache";
import { createResponseCacheStore } from "../routing/response-cache/response-cache-store";
import { DEFAULT_HOT_MAX_BYTES, HotAnswers } from "../routing/response-cache/hot-answers";
import { CacheKeyMemo } from "../routing/response-cache/cache-key-memo";
import { ReplayMemo } from "../routing/response-cache/replay-memo";
import { createUpstreamAgent } from "../proxy/upstream-client";
import { ProxyMetrics } from "../metrics/proxy-metrics";
import { serveMetrics } from "../metrics/serve-metrics";
import { UsageEmitter } from "../usage/usage-emitter";
import { createWebRequestHandler } from "./handle-web-request";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export interface WebServer {
  server: http.Server;
  /** This process's routing memory (tests clear it between cases). */
  cooldowns: DeploymentCooldowns;
  close: () => Promise<void>;
}

export async function createWebServer(deps: {
  env: WebEnv;
  db: DbClient;
  redis: Redis;
  subscriber: Redis;
  log: Logger;
  /** Next's request handler; absent when only the proxy is served (benchmarks, tests). */
  nextHandler?: NodeHandler;
  /** Wall clock (ms); tests shift it to put a period boundary where they need it. */
  clock?: () => number;
}): Promise<WebServer> {
  const keyLastUsed = new LastUsedRecorder(deps.db, "api_key", {
    flushEveryMs: deps.env.TOLLGATE_LAST_USED_FLUSH_MS ?? DEFAULT_LAST_USED_FLUSH_MS,
    onError: (err) => deps.log.warn({ err: err.message }, "could not write API keys' lastUsedAt; retrying at the next flush"),
  });
  const keys = new ApiKeyCache(deps.db, undefined, keyLastUsed);
  const catalog = new ModelCatalog(deps.db, deps.env.TOLLGATE_ENCRYPTION_KEY ? decodeKey(deps.env.TOLLGATE_ENCRYPTION_KEY) : undefined);
  const limitRules = new LimitRulesCache(deps.db);
  const routing = new RoutingCache(deps.db, catalog);
  const cooldowns = new DeploymentCooldowns(Date.now, deps.redis, {
    failures: deps.env.TOLLGATE_COOLDOWN_FAILURES ?? DEFAULT_PASSIVE_HEALTH.failures,
    windowMs: deps.env.TOLLGATE_COOLDOWN_WINDOW_MS ?? DEFAULT_PASSIVE_HEALTH.windowMs,
    cooldownMs: deps.env.TOLLGATE_COOLDOWN_MS ?? DEFAULT_PASSIVE_HEALTH.cooldownMs,
  });
  // Admission and sign-in limiting must not wait for a Redis that is down: one fail-fast connection for both
  // (no offline queue, a short timeout, then the documented policy). The admissions and settles of one event-loop
  // turn leave in one write (lib/limits/limit-scripts.ts); the connection's other commands are auto-pipelined.
  const limitsRedis = withLimitScripts(deps.redis.duplicate({ ...FAIL_FAST_REDIS_OPTIONS, enableAutoPipelining: true }));
  limitsRedis.on("error", () => {}); // reported per request by admission and the sign-in guard
  const responseCache = createResponseCacheStore({
    redis: limitsRedis, log: deps.log, memory: new HotAnswers({ maxBytes: deps.env.TOLLGATE_RESPONSE_CACHE_MEMORY_BYTES ?? DEFAULT_HOT_MAX_BYTES }),
  });
  await subscribeCacheInvalidation(deps.subscriber, { keys, catalog, limits: limitRules, routing, cooldowns, responseCache });
  const clock = deps.clock ?? Date.now;
  // The process's first timezone computation loads ICU's zone data (13 ms here, measured): paid now, not by the first
  // budgeted request or the first /metrics scrape, which would stall every request in flight for that long.
  periodWindow("day", "UTC", new Date(clock()));
  const metrics = new ProxyMetrics({ db: deps.db, redis: deps.redis });
  // Usage that cannot reach Redis spills to a local journal (a test env without either directory runs without one).
  const journalDir = deps.env.TOLLGATE_USAGE_JOURNAL_DIR ?? (deps.env.TOLLGATE_DATA_DIR ? path.join(deps.env.TOLLGATE_DATA_DIR, "usage-journal") : undefined);
  const usage = await UsageEmitter.start(deps.redis, deps.log, { maxQueued: deps.env.TOLLGATE_USAGE_QUEUE_MAX, journalDir, journalMaxBytes: deps.env.TOLLGATE_USAGE_JOURNAL_MAX_BYTES });
  metrics.watchUsageEmitter(usage);
  const agent = createUpstreamAgent();
  // Leased briefly and renewed while each request runs (however long a stream lasts); a crashed instance's slots lapse.
  const localSlots = new LocalSlots(limitsRedis, deps.env.TOLLGATE_LOCAL_SLOT_LEASE_MS ?? DEFAULT_SLOT_LEASE_MS);
  // Burst decisions read the local models' p95 TTFT across instances (samples pushed and read in batches).
  const localBurst = new LocalBurstTracker(new SharedTtftWindow(limitsRedis));
  const leases = deps.env.TOLLGATE_ADMISSION_LEASES === "true" ? new AdmissionLeases(limitsRedis, deps.log, deps.env.TOLLGATE_RESERVATION_TTL_MS, clock) : undefined;
  const proxy = createProxyHandler({
    keys, catalog, usage, agent, log: deps.log, routing, cooldowns,
    localSlots,
    localBurst,
    responseCache,
    responseReplays: new ReplayMemo(),
    cacheKeys: new CacheKeyMemo(),
    maxBodyBytes: deps.env.TOLLGATE_MAX_BODY_BYTES,
    upstreamTimeoutMs: deps.env.TOLLGATE_UPSTREAM_TIMEOUT_MS,
    limits: { redis: limitsRedis, rules: limitRules, redisDownRefuses: deps.env.TOLLGATE_REDIS_DOWN_REFUSES, reservationTtlMs: deps.env.TOLLGATE_RESERVATION_TTL_MS, log: deps.log, ...(leases ? { leases } : {}) },
    onThresholdCrossed: (crossed) => void enqueueBudgetCheck(deps.redis, crossed.budgetId, new Date(clock())).catch((err: Error) => deps.log.warn({ err: err.message }, "could not queue a budget check")),
    clock,
    metrics,
  });
  // Security headers, body limit, sign-in limiting and JSON 404/405 for the management API (README, "Security").
  const web = deps.nextHandler && createWebRequestHandler({
    nextHandler: deps.nextHandler,
    redis: limitsRedis,
    log: deps.log,
    maxBodyBytes: deps.env.TOLLGATE_MAX_WEB_BODY_BYTES,
    trustProxy: deps.env.TOLLGATE_TRUST_PROXY === "true",
  });
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith(`${PROXY_PREFIX}/`)) return void proxy(req, res);
    if (req.url === "/metrics") return void serveMetrics(req, res, metrics, deps.env.TOLLGATE_METRICS_TOKEN);
    if (web) {
      return void web(req, res).catch((err: Error) => {
        deps.log.error({ err: err.message }, "web request failed before Next");
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"code":"internal","message":"Internal error"}}');
      });
    }
    // Proxy-only instance: a plain liveness answer for load balancers.
    if (req.url === "/api/health") return void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"This instance serves only /api/v1","type":"invalid_request_error","param":null,"code":"unknown_url"}}');
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    cooldowns,
    close: async () => {
      // Stop accepting, let in-flight requests finish, then flush usage to Redis.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last request finishes: close them as they do.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      await closed;
      clearInterval(sweeper);
      await leases?.close();
      localSlots.close();
      localBurst.close();
      const left = await usage.close();
      if (left) deps.log.error({ left }, "usage events lost at exit: neither in Redis nor in the journal");
      await agent.close();
      await keyLastUsed.close();
      await closeTokenLastUsed();
      limitsRedis.disconnect();
    },
  };
}
