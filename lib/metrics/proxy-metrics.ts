// Prometheus metrics of one web process (each replica is scraped on its own,
// as Prometheus expects). Counters and histograms are fed by the proxy's
// settle step; queue, stream and budget gauges are read from Redis and
// Postgres at scrape time. Cost is exposed as a float because that is what
// Prometheus stores: it is telemetry, the exact figures are in the ledger.
import type { Redis } from "ioredis";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DbClient } from "../db/create-db-client";
import type { UsageEventInput } from "../usage/usage-event-schema";
import { collectBacklogMetrics } from "./collect-backlog-metrics";

interface Series {
  requests: Map<string, Counter.Internal>;
  input: Counter.Internal; cachedInput: Counter.Internal; output: Counter.Internal; reasoning: Counter.Internal;
  cost: Counter.Internal;
  unpriced: Counter.Internal;
  duration: Histogram.Internal<string>; durationStreamed: Histogram.Internal<string>;
  ttft: Histogram.Internal<string>;
}

export class ProxyMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: "tollgate_proxy_requests_total", help: "Proxied requests by outcome", labelNames: ["project", "model", "tier", "status"], registers: [this.registry] });
  private readonly tokens = new Counter({ name: "tollgate_proxy_tokens_total", help: "Tokens by kind (input includes cached; output includes reasoning)", labelNames: ["project", "model", "tier", "kind"], registers: [this.registry] });
  private readonly cost = new Counter({ name: "tollgate_proxy_cost_usd_total", help: "Priced cost in USD (telemetry; the ledger is exact)", labelNames: ["project", "model", "tier"], registers: [this.registry] });
  private readonly unpriced = new Counter({ name: "tollgate_proxy_unpriced_requests_total", help: "Requests whose model had no price", labelNames: ["project", "model"], registers: [this.registry] });
  private readonly duration = new Histogram({ name: "tollgate_proxy_request_duration_seconds", help: "Time from request to last byte", labelNames: ["model", "streamed"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [this.registry] });
  private readonly ttft = new Histogram({ name: "tollgate_proxy_time_to_first_token_seconds", help: "Time to the first streamed content", labelNames: ["model"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers: [this.registry] });
  private readonly errors = new Counter({ name: "tollgate_proxy_error_responses_total", help: "Error answers by code (refusals before forwarding, client mistakes, upstream failures)", labelNames: ["code"], registers: [this.registry] });

  constructor(deps: { db: DbClient; redis: Redis }) {
    collectBacklogMetrics(this.registry, deps);
  }

  /** prom-client's children per project, model and tier, found once: hashing label objects on every request costs more than the counting. */
  private readonly series = new Map<string, Series>();

  observe(e: UsageEventInput): void {
    const tier = e.tier ?? "unknown";
    const s = this.seriesOf(e.projectId, e.servedModel, tier);
    let requests = s.requests.get(e.status);
    if (!requests) s.requests.set(e.status, (requests = this.requests.labels({ project: e.projectId, model: e.servedModel, tier, status: e.status })));
    requests.inc();
    if (e.inputTokens) s.input.inc(e.inputTokens);
    if (e.cachedInputTokens) s.cachedInput.inc(e.cachedInputTokens);
    if (e.outputTokens) s.output.inc(e.outputTokens);
    if (e.reasoningTokens) s.reasoning.inc(e.reasoningTokens);
    if (e.costUsd === null) s.unpriced.inc();
    else s.cost.inc(Number(e.costUsd));
    (e.streamed ? s.durationStreamed : s.duration).observe(e.latencyMs / 1000);
    if (e.ttftMs !== null && e.ttftMs !== undefined) s.ttft.observe(e.ttftMs / 1000);
  }

  private seriesOf(project: string, model: string, tier: string): Series {
    const key = `${project}\u0000${model}\u0000${tier}`;
    let s = this.series.get(key);
    if (s) return s;
    const token = (kind: string) => this.tokens.labels({ project, model, tier, kind });
    s = {
      requests: new Map(),
      input: token("input"), cachedInput: token("cached_input"), output: token("output"), reasoning: token("reasoning"),
      cost: this.cost.labels({ project, model, tier }),
      unpriced: this.unpriced.labels({ project, model }),
      duration: this.duration.labels({ model, streamed: "false" }),
      durationStreamed: this.duration.labels({ model, streamed: "true" }),
      ttft: this.ttft.labels({ model }),
    };
    this.series.set(key, s);
    return s;
  }

  errorAnswered(code: string): void {
    this.errors.inc({ code });
  }

  /** Read at scrape time: usage events waiting in memory, journal bytes on disk, events dropped. */
  watchUsageEmitter(usage: { readonly pending: number; readonly journalBytes: number; readonly dropped: number }): void {
    new Gauge({ name: "tollgate_usage_queue_events", help: "Usage events in this process's memory not yet confirmed by Redis", registers: [this.registry], collect() { this.set(usage.pending); } });
    new Gauge({ name: "tollgate_usage_journal_bytes", help: "Bytes of usage events this process holds in its local journal (Redis unreachable, or replaying)", registers: [this.registry], collect() { this.set(usage.journalBytes); } });
    let counted = 0;
    new Counter({
      name: "tollgate_usage_dropped_events_total", help: "Usage events lost because the journal was full or unusable", registers: [this.registry],
      collect() {
        if (usage.dropped > counted) this.inc(usage.dropped - counted);
        counted = usage.dropped;
      },
    });
  }
}
