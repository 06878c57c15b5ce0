// npm run bench:ingest: sustained usage events/s from the Redis stream into
// Postgres with raw rows and hourly rollups (the worker's real path:
// XREADGROUP -> recordUsageBatch -> XACK/XDEL), against a raw COPY of the
// same rows into a plain copy of the table, in the same run. Medians.
import { randomBytes } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createDbClient } from "../lib/db/create-db-client";
import { migrateDatabase } from "../lib/db/migrate-database";
import { createLogger } from "../lib/log/logger";
import { createRedis } from "../lib/redis/create-redis";
import { drainUsageStreamOnce, ensureUsageConsumerGroup } from "../lib/usage/drain-usage-stream";
import { UsageEmitter } from "../lib/usage/usage-emitter";
import type { UsageEventInput } from "../lib/usage/usage-event-schema";
import { startPostgres, startRedis } from "../tests/support/local-services";
import { adminQuery, withDatabase } from "../tests/support/test-database";
import { describeMachine, median } from "./support/machine";
import { reportBenchmark } from "./support/record-result";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
// Concurrent stream consumers, as the worker runs them (TOLLGATE_USAGE_CONSUMERS).
const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 2);

function makeEvents(n: number, round: number): UsageEventInput[] {
  const models = Array.from({ length: 20 }, (_, i) => `model-${i}`);
  const start = Date.UTC(2026, 10, 1);
  return Array.from({ length: n }, (_, i) => ({
    requestId: `bench_${round}_${i}_${randomBytes(4).toString("hex")}`,
    occurredAt: new Date(start + Math.floor((i / n) * 24 * 3600_000)).toISOString(),
    orgId: "org_bench",
    projectId: `project-${i % 50}`,
    apiKeyId: `key-${i % 100}`,
    endpoint: "/v1/chat/completions",
    requestedModel: models[i % 20]!,
    servedModel: models[i % 20]!,
    tier: (["premium", "mid", "economy"] as const)[i % 3]!,
    inputTokens: 1000 + (i % 500),
    cachedInputTokens: i % 4 === 0 ? 200 : 0,
    outputTokens: 100 + (i % 300),
    reasoningTokens: 0,
    costUsd: `0.000${(100000 + (i % 89999)).toString()}`,
    usageSource: "reported",
    latencyMs: 300 + (i % 700),
    ttftMs: i % 2 ? 120 : null,
    status: i % 50 === 0 ? "upstream_error" : "ok",
    httpStatus: i % 50 === 0 ? 502 : 200,
    tags: i % 3 === 0 ? ["team:a", "feature:x"] : [],
    streamed: i % 2 === 1,
  }));
}

const COPY_COLUMNS = ["request_id", "attempt", "occurred_at", "org_id", "project_id", "api_key_id", "endpoint", "requested_model", "served_model", "tier", "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd", "usage_source", "latency_ms", "ttft_ms", "status", "http_status", "tags", "streamed"];

function copyLine(e: UsageEventInput): string {
  const v = [e.requestId, 0, e.occurredAt, e.orgId, e.projectId, e.apiKeyId, e.endpoint, e.requestedModel, e.servedModel, e.tier, e.inputTokens, e.cachedInputTokens, e.outputTokens, e.reasoningTokens, e.costUsd, e.usageSource, e.latencyMs, e.ttftMs ?? "\\N", e.status, e.httpStatus, `{${(e.tags ?? []).join(",")}}`, e.streamed ? "t" : "f"];
  return `${v.join("\t")}\n`;
}

async function main() {
  const pgServer = await startPostgres();
  const redisServer = await startRedis();
  try {
    console.log(`bench:ingest on ${describeMachine()}: ${EVENTS} events per run, batches of ${BATCH}, ${CONSUMERS} consumers`);
    await adminQuery(pgServer.url, "CREATE DATABASE ingest");
    const url = withDatabase(pgServer.url, "ingest");
    await migrateDatabase(url);
    const db = createDbClient(url, { poolSize: CONSUMERS + 1 });
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query("CREATE TABLE usage_event_copy (LIKE usage_event INCLUDING DEFAULTS INCLUDING INDEXES)");
    const redis = createRedis(redisServer.url);
    await ensureUsageConsumerGroup(redis);
    const consumerConnections = Array.from({ length: CONSUMERS }, () => createRedis(redisServer.url));
    const log = createLogger({ name: "bench", level: "warn" });

    const pipelineRates: number[] = [];
    const copyRates: number[] = [];
    for (let round = 1; round <= REPEATS; round++) {
      const events = makeEvents(EVENTS, round);

      // COPY baseline: the same rows, raw, no rollups, no idempotency.
      let t0 = performance.now();
      const copy = raw.query(copyFrom(`COPY usage_event_copy (${COPY_COLUMNS.join(", ")}) FROM STDIN`));
      await pipeline(Readable.from(events.map(copyLine)), copy);
      copyRates.push(EVENTS / ((performance.now() - t0) / 1000));

      // Tollgate: queue the events in the stream (not timed), then time the worker's drain.
      const emitter = new UsageEmitter(redis, log);
      for (const e of events) emitter.emit(e);
      await emitter.close(120_000);
      t0 = performance.now();
      let stored = 0;
      await Promise.all(
        consumerConnections.map(async (connection, i) => {
          for (;;) {
            const r = await drainUsageStreamOnce(connection, db, { consumer: `bench-${i}`, batchSize: BATCH, blockMs: 100, claimIdleMs: 60_000 });
            stored += r.inserted;
            if (r.read === 0) return;
          }
        }),
      );
      pipelineRates.push(stored / ((performance.now() - t0) / 1000));
      if (stored !== EVENTS) throw new Error(`stored ${stored} of ${EVENTS}`);
      console.log(`round ${round}: Tollgate ingest ${Math.round(pipelineRates.at(-1)!)} events/s; COPY ${Math.round(copyRates.at(-1)!)} rows/s`);
    }

    const [check] = (await raw.query("SELECT (SELECT count(*) FROM usage_event)::int AS rows, (SELECT sum(requests) FROM usage_rollup_hourly)::int AS rolled, (SELECT sum(cost_usd) FROM usage_event)::text AS raw_cost, (SELECT sum(cost_usd) FROM usage_rollup_hourly)::text AS rolled_cost")).rows;
    await raw.end();
    await db.$disconnect();
    redis.disconnect();
    for (const c of consumerConnections) c.disconnect();

    const ingest = Math.round(median(pipelineRates));
    const copyRate = Math.round(median(copyRates));
    const summary = {
      bench: "ingest",
      date: new Date().toISOString(),
      machine: describeMachine(),
      eventsPerRun: EVENTS,
      batch: BATCH,
      consumers: CONSUMERS,
      repeats: REPEATS,
      tollgateEventsPerSecond: ingest,
      copyRowsPerSecond: copyRate,
      ratio: +(ingest / copyRate).toFixed(2),
      consistency: check,
      targets: { atLeast20000PerSecond: ingest >= 20_000, atLeast25PercentOfCopy: ingest / copyRate >= 0.25 },
    };
    await reportBenchmark(
      `bench:ingest, ${summary.date.slice(0, 10)}`,
      [
        `Machine: ${summary.machine}. ${EVENTS} events per run over 24 h, 50 projects, 20 models, tags on a third; ${REPEATS} runs; medians. Tollgate = Redis stream -> XREADGROUP -> recordUsageBatch (raw rows + hourly and tag rollups, idempotent) -> XACK/XDEL, ${CONSUMERS} concurrent consumers, batches of ${BATCH}. Baseline = COPY of the same rows into a plain copy of the table (no rollups).`,
        "",
        "| path | events/s |",
        "|---|---|",
        `| Tollgate ingest (stream -> Postgres with rollups) | ${ingest} |`,
        `| raw COPY | ${copyRate} |`,
        "",
        `Ratio: ${Math.round(summary.ratio * 100)}% of COPY (target >= 25%); ${ingest} events/s (target >= 20,000). Rollups equal raw rows: ${check.rows} rows, ${check.rolled} rolled up; cost ${check.raw_cost} vs ${check.rolled_cost}.`,
      ],
      summary,
    );
  } finally {
    await redisServer.stop();
    await pgServer.stop();
  }
}

await main();
