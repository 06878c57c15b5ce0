// The usage pipeline under failure: nothing lost, nothing counted twice when
// the worker is SIGKILLed mid-batch, when Postgres is down for a while, and
// when the web process restarts under load.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDbClient } from "../../lib/db/create-db-client";
import { migrateDatabase } from "../../lib/db/migrate-database";
import { createLogger } from "../../lib/log/logger";
import { createRedis } from "../../lib/redis/create-redis";
import { UsageEmitter } from "../../lib/usage/usage-emitter";
import { USAGE_CONSUMER_GROUP, USAGE_STREAM_KEY } from "../../lib/usage/usage-stream";
import { startUsageStreamConsumer } from "../../workers/usage-stream-consumer";
import { freePort, startPostgres } from "../support/local-services";
import { startProxyFixture } from "../support/proxy-fixture";
import { spawnEntry } from "../support/spawn-process";
import { adminQuery, createTestDatabase, withDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";
import type { DbClient } from "../../lib/db/create-db-client";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";
import { streamedUsageCount } from "../support/streamed-usage";

const quiet = createLogger({ name: "test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

function redisUrlWithDb(db: number) {
  const url = new URL(inject("redisUrl"));
  url.pathname = `/${db}`;
  return url.toString();
}

async function emitEvents(redisUrl: string, n: number, cost = "0.000001000") {
  const redis = createRedis(redisUrl);
  const emitter = new UsageEmitter(redis, quiet);
  for (let i = 0; i < n; i++) emitter.emit(usageEvent({ requestId: `r_${randomBytes(8).toString("hex")}`, costUsd: cost }));
  expect(await emitter.close(30_000)).toBe(0);
  redis.disconnect();
}

async function waitForCount(db: DbClient, n: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let count = 0;
  while (Date.now() < deadline) {
    count = await db.usageEvent.count();
    if (count >= n) return count;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${n} usage rows, have ${count}`);
}

async function expectExactlyOnce(db: DbClient, n: number, costEach: string) {
  const [raw] = await db.$queryRaw<{ n: bigint; distinct_ids: bigint; cost: string }[]>`
    SELECT count(*) AS n, count(DISTINCT request_id) AS distinct_ids, sum(cost_usd)::text AS cost FROM usage_event`;
  const [rolled] = await db.$queryRaw<{ n: bigint; cost: string }[]>`SELECT sum(requests) AS n, sum(cost_usd)::text AS cost FROM usage_rollup_hourly`;
  expect(raw).toEqual({ n: BigInt(n), distinct_ids: BigInt(n), cost: (Number(costEach) * n).toFixed(9) });
  expect(rolled).toEqual({ n: BigInt(n), cost: raw!.cost });
}

async function expectStreamDrained(redisUrl: string) {
  const redis = createRedis(redisUrl);
  const pending = (await redis.xpending(USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP)) as [number, ...unknown[]];
  expect(pending[0]).toBe(0);
  expect(await redis.xlen(USAGE_STREAM_KEY)).toBe(0);
  redis.disconnect();
}

describe("usage pipeline durability", () => {
  it("loses and double-counts nothing when the worker is SIGKILLed mid-batch", async () => {
    const t = await createTestDatabase(inject("databaseServerUrl"));
    cleanups.push(t.drop);
    const redisUrl = redisUrlWithDb(TEST_REDIS_DBS.usagePipelineKill);
    const flush = createRedis(redisUrl);
    await flush.flushdb();
    flush.disconnect();
    const total = 30_000;
    await emitEvents(redisUrl, total);

    const env = { DATABASE_URL: t.url, REDIS_URL: redisUrl, TOLLGATE_USAGE_BATCH_SIZE: "500", TOLLGATE_USAGE_CLAIM_IDLE_MS: "500" };
    const first = spawnEntry("workers/index.ts", env);
    await first.waitFor(/worker started/);
    await waitForCount(t.db, 2000, 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const partial = await t.db.usageEvent.count();
    expect(partial).toBeLessThan(total);

    const second = spawnEntry("workers/index.ts", env);
    cleanups.push(async () => second.child.kill("SIGKILL"));
    await waitForCount(t.db, total, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything double-counted would show up by now
    await expectExactlyOnce(t.db, total, "0.000001000");
    await expectStreamDrained(redisUrl);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);

  it("keeps events in Redis while Postgres is down, then drains them exactly once", async () => {
    // Durable commits: the outage is an immediate (crash-like) stop.
    const pg = await startPostgres({ durable: true });
    cleanups.push(pg.stop);
    await adminQuery(pg.url, "CREATE DATABASE outage");
    const url = withDatabase(pg.url, "outage");
    await migrateDatabase(url);
    const db = createDbClient(url, { poolSize: 2 });
    cleanups.push(() => db.$disconnect());
    const redisUrl = redisUrlWithDb(TEST_REDIS_DBS.usagePipelineOutage);
    const redis = createRedis(redisUrl);
    await redis.flushdb();
    const consumer = startUsageStreamConsumer({ redis, db, log: quiet, batchSize: 500, claimIdleMs: 500 });
    cleanups.push(async () => {
      await consumer.stop();
      redis.disconnect();
    });

    await emitEvents(redisUrl, 1000);
    await waitForCount(db, 1000, 20_000);

    pg.pause();
    await emitEvents(redisUrl, 3000);
    // Down for a minute: the consumer keeps failing and backing off (up to 10 s); the events wait in Redis.
    await new Promise((r) => setTimeout(r, 60_000));
    const waiting = createRedis(redisUrl);
    expect(await streamedUsageCount(waiting)).toBe(3000);
    waiting.disconnect();

    pg.resume();
    await waitForCount(db, 4000, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    await expectExactlyOnce(db, 4000, "0.000001000");
    await expectStreamDrained(redisUrl);
    // An outage is not a poison event: nothing was dead-lettered.
    expect(await db.usageDeadLetter.count()).toBe(0);
  }, 180_000);

  it("meters every answered request exactly once across a web process restart under load", async () => {
    const f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.usagePipelineRestart, withConsumer: false });
    cleanups.push(f.close);
    f.upstream.set({ completionTokens: 10, tokensPerSecond: 40 }); // ~250 ms per streamed answer
    const port = await freePort();
    const env = {
      DATABASE_URL: f.t.url, REDIS_URL: f.redisUrl, NEXTAUTH_SECRET: "x".repeat(32), TOLLGATE_ENCRYPTION_KEY: f.encryptionKey,
      TOLLGATE_SERVE_UI: "false", PORT: String(port), TOLLGATE_HOST: "127.0.0.1",
    };
    const send = (stream: boolean) =>
      fetch(`http://127.0.0.1:${port}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hello" }], stream }),
      }).then(async (r) => ({ status: r.status, id: r.headers.get("x-request-id"), body: await r.text() }), () => ({ status: 0, id: null, body: "" }));

    const a = spawnEntry("scripts/start-web.ts", env);
    await a.waitFor(/web listening/);
    const inFlight = Array.from({ length: 150 }, (_, i) => send(i % 2 === 0));
    // SIGTERM once all 150 are mid-flight (the upstream has them; each takes ~250 ms to answer).
    const deadline = Date.now() + 10_000;
    while (f.upstream.requests.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(f.upstream.requests.length).toBe(150);
    a.child.kill("SIGTERM"); // graceful: finishes in-flight requests, hands their usage to Redis
    const firstBatch = await Promise.all(inFlight);
    expect(await a.exited, a.output().slice(-3000)).toBe(0);

    const b = spawnEntry("scripts/start-web.ts", env);
    cleanups.push(async () => b.child.kill("SIGKILL"));
    await b.waitFor(/web listening/);
    const secondBatch = await Promise.all(Array.from({ length: 50 }, (_, i) => send(i % 2 === 0)));
    b.child.kill("SIGTERM");
    expect(await b.exited, b.output().slice(-3000)).toBe(0);

    const answered = [...firstBatch, ...secondBatch].filter((r) => r.status === 200);
    expect(answered.length).toBe(200);
    expect(answered.filter((r) => r.body.includes("data: [DONE]")).length).toBe(100);
    f.startConsumer();
    await waitForCount(f.t.db, answered.length, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    const rows = await f.t.db.usageEvent.findMany({ select: { requestId: true, status: true } });
    expect(rows).toHaveLength(answered.length);
    expect(new Set(rows.map((r) => r.requestId))).toEqual(new Set(answered.map((r) => r.id)));
    expect(rows.every((r) => r.status === "ok")).toBe(true);
  }, 120_000);
});
