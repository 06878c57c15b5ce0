// Prometheus metrics of one web process (each replica is scraped on its own,
// as Prometheus expects). Counters and histograms are fed by the proxy's
// settle step; queue, stream and budget gauges are read from Redis and
// Postgres at scrape time. Cost is exposed as a float because that is what
// Prometheus stores: it is telemetry, the exact figures are in the ledger.
import type { Redis } from "ioredis";
import { Counter, Gauge, Registry } from "prom-client";
import { AccumulatedHistogram, type HistogramSeries } from "./accumulated-histogram";
import type { DbClient } from "../db/create-db-client";
import type { UsageEventInput } from "../usage/usage-event-schema";
import { collectBacklogMetrics } from "./collect-backlog-metrics";

/** One project, model and tier's counts, kept as plain numbers and handed to the counters at scrape time. */
interface Series {
  labels: { project: string; model: string; tier: string };
  requests: Map<string, number>;
  input: number; cachedInput: number; output: number; reasoning: number;
  cost: number;
  unpriced: number;
  duration: HistogramSeries; durationStreamed: HistogramSeries;
  ttft: HistogramSeries;
}

export const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const TOKEN_KINDS = [["input", "input"], ["cached_input", "cachedInput"], ["output", "output"], ["reasoning", "reasoning"]] as const;

export class ProxyMetrics {
  readonly registry = new Registry();
  /**
   * Per project, model and tier. prom-client hashes a label object on every inc and observe (its children
   * too), which on the hot path cost more than the counting: the proxy adds to plain numbers here and the
   * counters read them when scraped.
   */
  private readonly series = new Map<string, Series>();
  private readonly duration: AccumulatedHistogram;
  private readonly ttft: AccumulatedHistogram;
  private readonly errors: Counter;
  private readonly overhead: AccumulatedHistogram;
  private readonly overheadSeries: HistogramSeries;

  constructor(deps: { db: DbClient; redis: Redis }) {
    const series = this.series;
    const registers = [this.registry];
    new Counter({
      name: "tollgate_proxy_requests_total", help: "Proxied requests by outcome", labelNames: ["project", "model", "tier", "status"], registers,
      collect() {
        this.reset();
        for (const s of series.values()) for (const [status, n] of s.requests) this.inc({ ...s.labels, status }, n);
      },
    });
    new Counter({
      name: "tollgate_proxy_tokens_total", help: "Tokens by kind (input includes cached; output includes reasoning)", labelNames: ["project", "model", "tier", "kind"], registers,
      collect() {
        this.reset();
        for (const s of series.values()) for (const [kind, field] of TOKEN_KINDS) if (s[field] > 0) this.inc({ ...s.labels, kind }, s[field]);
      },
    });
    new Counter({
      name: "tollgate_proxy_cost_usd_total", help: "Priced cost in USD (telemetry; the ledger is exact)", labelNames: ["project", "model", "tier"], registers,
      collect() {
        this.reset();
        for (const s of series.values()) if (s.cost > 0) this.inc(s.labels, s.cost);
      },
    });
    new Counter({
      name: "tollgate_proxy_unpriced_requests_total", help: "Requests whose model had no price", labelNames: ["project", "model"], registers,
      collect() {
        this.reset();
        for (const s of series.values()) if (s.unpriced > 0) this.inc({ project: s.labels.project, model: s.labels.model }, s.unpriced);
      },
    });
    this.duration = new AccumulatedHistogram("tollgate_proxy_request_duration_seconds", "Time from request to last byte", ["model", "streamed"], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], this.registry);
    this.ttft = new AccumulatedHistogram("tollgate_proxy_time_to_first_token_seconds", "Time to the first streamed content", ["model"], [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], this.registry);
    // Fine buckets where a gateway's overhead lives, and one at 3 ms: the share within it is exact.
    this.overhead = new AccumulatedHistogram("tollgate_proxy_overhead_seconds", "Tollgate's own time per answered request: its whole time less its upstreams' (from sending to their last byte)", [], OVERHEAD_BUCKETS, this.registry);
    this.overheadSeries = this.overhead.series();
    this.errors = new Counter({ name: "tollgate_proxy_error_responses_total", help: "Error answers by code (refusals before forwarding, client mistakes, upstream failures)", labelNames: ["code"], registers });
    collectBacklogMetrics(this.registry, deps);
  }

  observe(e: UsageEventInput): void {
    const s = this.seriesOf(e.projectId, e.servedModel, e.tier ?? "unknown");
    s.requests.set(e.status, (s.requests.get(e.status) ?? 0) + 1);
    s.input += e.inputTokens ?? 0;
    s.cachedInput += e.cachedInputTokens ?? 0;
    s.output += e.outputTokens ?? 0;
    s.reasoning += e.reasoningTokens ?? 0;
    if (e.costUsd === null) s.unpriced++;
    else s.cost += Number(e.costUsd);
    this.duration.observe(e.streamed ? s.durationStreamed : s.duration, e.latencyMs / 1000);
    if (e.ttftMs !== null && e.ttftMs !== undefined) this.ttft.observe(s.ttft, e.ttftMs / 1000);
  }

  private seriesOf(project: string, model: string, tier: string): Series {
    const key = `${project}\u0000${model}\u0000${tier}`;
    let s = this.series.get(key);
    if (s) return s;
    s = {
      labels: { project, model, tier }, requests: new Map(), input: 0, cachedInput: 0, output: 0, reasoning: 0, cost: 0, unpriced: 0,
      duration: this.duration.series(model, "false"), durationStreamed: this.duration.series(model, "true"), ttft: this.ttft.series(model),
    };
    this.series.set(key, s);
    return s;
  }

  /** A request answered (by an upstream or the cache): Tollgate's own part of its latency (lib/proxy/request-timing.ts). */
  overheadObserved(seconds: number): void {
    this.overhead.observe(this.overheadSeries, seconds);
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
