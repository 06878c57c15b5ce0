// Shared shapes of the proxy's hot path.
import type { Agent } from "undici";
import type { Logger } from "../log/logger";
import type { Admission, AdmissionDeps } from "../limits/admit-request";
import type { SettledBudget } from "../limits/settle-reservation";
import type { ProxyMetrics } from "../metrics/proxy-metrics";
import type { UsageEmitter } from "../usage/usage-emitter";
import type { ApiKeyCache, AuthenticatedKey } from "./api-key-cache";
import type { RouteRecord } from "../routing/route-record";
import type { DeploymentCooldowns } from "./deployment-cooldowns";
import type { LocalBurstTracker } from "./local-burst-tracker";
import type { LocalSlots } from "./local-slots";
import type { CatalogDeployment, CatalogModel, ModelCatalog } from "./model-catalog";
import type { RoutingCache } from "./routing-cache";
import type { ResponseCacheStore } from "../routing/response-cache/response-cache-store";
import type { CacheKeyMemo } from "../routing/response-cache/cache-key-memo";
import type { ReplayMemo } from "../routing/response-cache/replay-memo";
import type { RequestTiming } from "./request-timing";

export interface ProxyDeps {
  keys: ApiKeyCache;
  catalog: ModelCatalog;
  /** Each org's compiled routing policies. */
  routing: RoutingCache;
  /** Deployments passed over after recent failures (shared between instances). */
  cooldowns: DeploymentCooldowns;
  /** Local models' requests in flight across instances (Redis). */
  localSlots: LocalSlots;
  localBurst: LocalBurstTracker;
  /** Exact-match answers of rules that cache (Redis). */
  responseCache: ResponseCacheStore;
  /** Cached completions' SSE replays, remembered for streaming hits (this process). */
  responseReplays: ReplayMemo;
  /** Cache keys of recently seen request bodies (this process). */
  cacheKeys: CacheKeyMemo;
  usage: UsageEmitter;
  agent: Agent;
  log: Logger;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  /** Budgets and rate limits (admission before forwarding, settle after). */
  limits: AdmissionDeps;
  /** Called when a settle crosses a budget threshold (the worker turns it into alerts). */
  onThresholdCrossed: (crossed: SettledBudget, thresholds: number[]) => void;
  /** Prometheus metrics of this process (absent in some tests and benchmarks). */
  metrics?: ProxyMetrics;
  /** Wall clock in ms; injectable so tests can put the org's midnight where they want it. */
  clock: () => number;
}

/** One request on its way through the proxy. */
export interface Attempt {
  requestId: string;
  /** 0 for the first target tried, then 1, 2, ... (the usage row's attempt). */
  index: number;
  /** What the usage row records about routing (null: nothing worth recording). */
  route: RouteRecord | null;
  started: number;
  /** Wall-clock admission time: the usage event's time and the budget period it counts in. */
  admittedAt: Date;
  key: AuthenticatedKey;
  /** The model the client asked for; `model` is the one served (differs after a budget downgrade). */
  requestedModel: string;
  endpoint: string;
  model: CatalogModel;
  deployment: CatalogDeployment;
  body: Record<string, unknown>;
  rawBody: Buffer;
  tags: string[];
  streamed: boolean;
  /** The client set stream_options.include_usage (it sees the usage chunk). */
  clientAskedUsage: boolean;
  admission: Admission | null;
  /** Set once the attempt has been settled (exactly once per attempt). */
  settled: boolean;
  /** Extra response headers (rate-limit state, downgrade notice). */
  responseHeaders: Record<string, string>;
  /** The request's upstream time (all its attempts'), for its overhead (request-timing.ts). */
  timing: RequestTiming;
  /** When this attempt's upstream call was sent, until its upstream part is over; else null. */
  upstreamSentAt: number | null;
}
