// Usage in a Redis outage longer than the memory queue lasts: events spill
// to the local journal, reach the stream in order once Redis is back, and
// land in Postgres exactly once; a full journal drops with one log line per
// interval and a metric; what a process leaves in the journal (SIGTERM or
// SIGKILL) is replayed by the next one, and a repeated replay counts nothing twice.
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "../../lib/log/logger";
import { ProxyMetrics } from "../../lib/metrics/proxy-metrics";
import { createRedis } from "../../lib/redis/create-redis";
import { UsageEmitter } from "../../lib/usage/usage-emitter";
import { MAX_EVENTS_PER_ENTRY, USAGE_STREAM_KEY } from "../../lib/usage/usage-stream";
import { freePort } from "../support/local-services";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { spawnEntry } from "../support/spawn-process";
import { startStoppableRedis, type StoppableRedis } from "../support/stoppable-redis";
import { usageEvent } from "../support/usage-fixtures";
import type { DbClient } from "../../lib/db/create-db-client";
import { streamedUsageCount, streamedUsageEvents } from "../support/streamed-usage";

const quiet = createLogger({ name: "test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
let redis: StoppableRedis;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeAll(async () => {
  redis = await startStoppableRedis();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  await redis.remove();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}
function redisDb(db: number): string {
  const url = new URL(redis.url);
  url.pathname = `/${db}`;
  return url.toString();
}
const journalBytesOnDisk = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
/** Waits until the journal's files stop growing (everything appended is written out). */
async function waitForJournalWritten(dir: string) {
  let last = -1;
  await waitUntil(() => {
    const now = journalBytesOnDisk(dir);
    const settled = now > 0 && now === last;
    last = now;
    return settled;
  }, 10_000, "the journal to be written");
}
async function expectEachOnce(db: DbClient, ids: (string | null)[]) {
  const [raw] = await db.$queryRaw<{ n: bigint; distinct_ids: bigint }[]>`SELECT count(*) AS n, count(DISTINCT request_id) AS distinct_ids FROM usage_event`;
  const [rolled] = await db.$queryRaw<{ n: bigint }[]>`SELECT sum(requests) AS n FROM usage_rollup_hourly`;
  expect(raw).toEqual({ n: BigInt(ids.length), distinct_ids: BigInt(ids.length) });
  expect(rolled!.n).toBe(BigInt(ids.length));
  const rows = await db.usageEvent.findMany({ select: { requestId: true } });
  expect(new Set(rows.map((r) => r.requestId))).toEqual(new Set(ids));
}

describe("usage journal under a Redis outage", () => {
  let f: ProxyFixture;
  const chat = (baseURL: string, apiKey: string) =>
    fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] }),
    }).then(async (r) => ({ status: r.status, id: r.headers.get("x-request-id"), body: await r.text() }));

  it("meters every request served while Redis is stopped longer than the memory queue lasts, exactly once", async () => {
    const journalDir = tempDir("tollgate-journal-proxy-");
    f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: redis.url, redisDb: 0, env: { TOLLGATE_USAGE_QUEUE_MAX: 20, TOLLGATE_USAGE_JOURNAL_DIR: journalDir } });
    cleanups.push(() => f.close());
    const warm = await Promise.all(Array.from({ length: 5 }, () => chat(f.baseURL, f.apiKey)));
    await f.waitForUsage(5);

    await redis.stop();
    const during: Awaited<ReturnType<typeof chat>>[] = [];
    for (let wave = 0; wave < 8; wave++) {
      during.push(...(await Promise.all(Array.from({ length: 50 }, () => chat(f.baseURL, f.apiKey)))));
      await sleep(100); // traffic continues through the outage
    }
    expect(during.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    // 400 events against a memory queue of 20: the rest is on disk.
    await waitForJournalWritten(journalDir);
    expect(journalBytesOnDisk(journalDir)).toBeGreaterThan(300 * 200);

    await redis.start();
    await f.waitForUsage(405, 60_000);
    await sleep(1500); // anything counted twice would show by now
    await expectEachOnce(f.t.db, [...warm, ...during].map((r) => r.id));
    await waitUntil(() => readdirSync(journalDir).length === 0, 10_000, "the sent journal to be deleted");
  }, 120_000);

  it("hands the stream every event once and in the order emitted, across memory and journal", async () => {
    const url = redisDb(3);
    const client = createRedis(url).on("error", () => {});
    cleanups.push(() => client.disconnect());
    await client.flushdb();
    const emitter = await UsageEmitter.start(client, quiet, { maxQueued: 100, journalDir: tempDir("tollgate-journal-order-") });
    const ids: string[] = [];
    const emit = (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = usageEvent();
        ids.push(e.requestId);
        emitter.emit(e);
      }
    };
    emit(100);
    expect(await emitter.flush(10_000)).toBe(true);
    await redis.stop();
    for (let i = 0; i < 10; i++) {
      emit(300);
      await sleep(50);
    }
    expect(emitter.journalBytes).toBeGreaterThan(0);
    expect(emitter.pending).toBeLessThanOrEqual(100);
    await redis.start();
    emit(200); // after Redis is back, still behind the journaled ones
    expect(await emitter.flush(30_000)).toBe(true);
    expect(await emitter.close()).toBe(0);
    expect(emitter.dropped).toBe(0);

    const seen: string[] = [];
    const firsts = new Set<string>();
    for (const { requestId: id } of await streamedUsageEvents(client)) {
      if (!firsts.has(id)) seen.push(id); // a copy of the batch that was in flight when Redis went away may repeat
      firsts.add(id);
    }
    expect(seen).toEqual(ids);
  }, 60_000);

  it("drops events once the journal is full, with one error line per interval and a metric", async () => {
    const url = redisDb(4);
    const client = createRedis(url).on("error", () => {});
    cleanups.push(() => client.disconnect());
    await client.flushdb();
    const lines: { level: number; msg: string; dropped?: number }[] = [];
    const capture = new Writable({ write(chunk: Buffer, _enc, done) { for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l)); done(); } });
    const log = createLogger({ name: "test", level: "info", destination: capture });
    const emitter = await UsageEmitter.start(client, log, { maxQueued: 10, journalDir: tempDir("tollgate-journal-full-"), journalMaxBytes: 64 * 1024 });
    const metrics = new ProxyMetrics({ db: {} as DbClient, redis: client });
    metrics.watchUsageEmitter(emitter);

    await redis.stop();
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 500; j++) emitter.emit(usageEvent());
      await sleep(20);
    }
    expect(emitter.dropped).toBeGreaterThan(1000);
    expect(emitter.journalBytes).toBeLessThanOrEqual(64 * 1024);
    const dropLines = lines.filter((l) => l.msg.includes("usage events dropped"));
    expect(dropLines).toHaveLength(1);
    expect(dropLines[0]!.msg).toMatch(/usage journal full/);
    expect(await metrics.registry.getSingleMetricAsString("tollgate_usage_dropped_events_total")).toContain(`tollgate_usage_dropped_events_total ${emitter.dropped}`);
    expect(await metrics.registry.getSingleMetricAsString("tollgate_usage_journal_bytes")).toContain(`tollgate_usage_journal_bytes ${emitter.journalBytes}`);

    await redis.start();
    expect(await emitter.flush(30_000)).toBe(true);
    const kept = 2000 - emitter.dropped;
    expect(await emitter.close()).toBe(0);
    // Everything the journal accepted arrived.
    const ids = new Set((await streamedUsageEvents(client)).map((e) => e.requestId));
    expect(ids.size).toBe(kept);
    // Drops after the first line are reported once more when the journal has drained, and every drop is in some line.
    const all = lines.filter((l) => l.msg.includes("usage events dropped"));
    expect(all).toHaveLength(2);
    expect(all.reduce((n, l) => n + l.dropped!, 0)).toBe(emitter.dropped);
  }, 60_000);

  it("replays what a process left in the journal (SIGTERM while Redis is down, or SIGKILL) in the next one; replaying again counts nothing twice", async () => {
    const g = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: redis.url, redisDb: 5, withConsumer: false });
    cleanups.push(() => g.close());
    const journalDir = tempDir("tollgate-journal-restart-");
    const base = { DATABASE_URL: g.t.url, REDIS_URL: g.redisUrl, NEXTAUTH_SECRET: "x".repeat(32), TOLLGATE_ENCRYPTION_KEY: g.encryptionKey, TOLLGATE_SERVE_UI: "false", TOLLGATE_HOST: "127.0.0.1", TOLLGATE_USAGE_JOURNAL_DIR: journalDir };
    const [portA, portB, portC] = [await freePort(), await freePort(), await freePort()];
    // A keeps everything in memory until SIGTERM; B spills after 10 events and is then SIGKILLed.
    const a = spawnEntry("scripts/start-web.ts", { ...base, PORT: String(portA) });
    const b = spawnEntry("scripts/start-web.ts", { ...base, PORT: String(portB), TOLLGATE_USAGE_QUEUE_MAX: "10" });
    cleanups.push(() => void a.child.kill("SIGKILL"), () => void b.child.kill("SIGKILL"));
    await Promise.all([a.waitFor(/web listening/), b.waitFor(/web listening/)]);
    const urlOf = (port: number) => `http://127.0.0.1:${port}/api/v1`;
    const warm = await Promise.all([chat(urlOf(portA), g.apiKey), chat(urlOf(portB), g.apiKey)]);
    const stream = createRedis(g.redisUrl).on("error", () => {});
    cleanups.push(() => stream.disconnect());
    await waitUntil(async () => (await streamedUsageCount(stream)) === 2, 10_000, "the warm-up events in Redis");

    await redis.stop();
    const toA = await Promise.all(Array.from({ length: 100 }, () => chat(urlOf(portA), g.apiKey)));
    const toB = await Promise.all(Array.from({ length: 100 }, () => chat(urlOf(portB), g.apiKey)));
    expect([...toA, ...toB].every((r) => r.status === 200)).toBe(true);
    await waitForJournalWritten(journalDir);
    b.child.kill("SIGKILL");
    await b.exited;
    const stopping = Date.now();
    a.child.kill("SIGTERM");
    expect(await a.exited, a.output().slice(-3000)).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(8000); // does not wait out the flush timeout for a Redis that is gone
    expect(a.output()).toMatch(/"fromMemory":[1-9]\d*.*usage events left in the journal/); // close() wrote its memory queue to the journal
    expect(a.output()).not.toMatch(/usage events lost at exit/);
    const leftBehind = tempDir("tollgate-journal-copy-");
    cpSync(journalDir, leftBehind, { recursive: true });
    expect(readdirSync(leftBehind).length).toBeGreaterThanOrEqual(2); // one file per process

    await redis.start();
    const c = spawnEntry("scripts/start-web.ts", { ...base, PORT: String(portC) });
    cleanups.push(() => void c.child.kill("SIGKILL"));
    await c.waitFor(/web listening/);
    expect(c.output()).toMatch(/replaying events left by a process that is gone/);
    g.startConsumer();
    const answered = [...warm, ...toA, ...toB].map((r) => r.id);
    await g.waitForUsage(answered.length, 60_000);
    await waitUntil(() => readdirSync(journalDir).length === 0, 10_000, "the replayed journal to be deleted");
    c.child.kill("SIGTERM");
    expect(await c.exited).toBe(0);
    await expectEachOnce(g.t.db, answered);

    // The same files replayed a second time (as after a replay interrupted before its files were deleted).
    cpSync(leftBehind, journalDir, { recursive: true });
    const before = await stream.xinfo("STREAM", USAGE_STREAM_KEY) as unknown[];
    const replayer = await UsageEmitter.start(stream, quiet, { journalDir });
    expect(await replayer.flush(30_000)).toBe(true);
    expect(await replayer.close()).toBe(0);
    const after = await stream.xinfo("STREAM", USAGE_STREAM_KEY) as unknown[];
    const added = (info: unknown[]) => Number(info[info.indexOf("entries-added") + 1]);
    // At least 200 events went out again, up to MAX_EVENTS_PER_ENTRY to an entry.
    expect(added(after) - added(before)).toBeGreaterThanOrEqual(Math.ceil(200 / MAX_EVENTS_PER_ENTRY));
    await waitUntil(async () => (await stream.xlen(USAGE_STREAM_KEY)) === 0 || (await g.t.db.usageEvent.count()) > answered.length, 20_000, "the replay to be ingested");
    await sleep(2000);
    await expectEachOnce(g.t.db, answered);
  }, 180_000);
});
