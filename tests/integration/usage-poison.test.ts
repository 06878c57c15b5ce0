// One usage event Postgres cannot store must never stall ingest: strings the
// client controls are made storable at the proxy, and independently a batch
// that Postgres refuses is split until the bad event stands alone; that
// event is dead-lettered (kept, counted in /metrics, listed for admins,
// replayable after a fix) and every other event lands.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDbClient } from "../../lib/db/create-db-client";
import { createRedis } from "../../lib/redis/create-redis";
import { drainUsageStreamOnce } from "../../lib/usage/drain-usage-stream";
import { listDeadLetters } from "../../lib/usage/list-dead-letters";
import { replayDeadLetters } from "../../lib/usage/replay-dead-letters";
import { packUsageEntries, USAGE_BATCH_FIELD, USAGE_CONSUMER_GROUP, USAGE_EVENT_FIELD, USAGE_STREAM_KEY } from "../../lib/usage/usage-stream";
import { systemPrincipal, waitFor } from "../support/budget-helpers";
import { freePort } from "../support/local-services";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { streamedUsageCount } from "../support/streamed-usage";
import { usageEvent } from "../support/usage-fixtures";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

const TOKEN = "metrics-token-poison-0123456789";
let f: ProxyFixture;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.usagePoison, env: { TOLLGATE_METRICS_TOKEN: TOKEN } });
});
afterAll(() => f.close());

const chat = (body: Record<string, unknown>) =>
  fetch(`${f.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], ...body }),
  }).then(async (r) => ({ status: r.status, id: r.headers.get("x-request-id")! }));

/** XADDs events (objects or raw strings) the way the proxy's emitter does (packed entries), or one per entry as older proxies did. */
async function xadd(events: (Record<string, unknown> | string)[], format: "packed" | "one per entry" = "packed") {
  const lines = events.map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
  const pipeline = f.redis.pipeline();
  if (format === "packed") for (const entry of packUsageEntries(lines)) pipeline.xadd(USAGE_STREAM_KEY, "*", USAGE_BATCH_FIELD, entry);
  else for (const line of lines) pipeline.xadd(USAGE_STREAM_KEY, "*", USAGE_EVENT_FIELD, line);
  await pipeline.exec();
}

async function expectStreamDrained() {
  await waitFor(async () => (await f.redis.xlen(USAGE_STREAM_KEY)) === 0, 15_000, "the usage stream to drain");
  const pending = (await f.redis.xpending(USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP)) as [number];
  expect(pending[0]).toBe(0);
}

const metric = async (name: string) => {
  const text = await (await fetch(`${f.baseURL.replace(/\/api\/v1$/, "")}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  return Number(new RegExp(`^${name} (\\d+)$`, "m").exec(text)?.[1]);
};

describe("poison usage events", () => {
  it("meters a request whose user field Postgres could not store (NUL, lone surrogates, a pair cut at the length bound)", async () => {
    const users = ["\u0000", "\ud800", `${"a".repeat(255)}😀`, "ok"];
    const answers = await Promise.all(users.map((user) => chat({ user })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await f.waitForUsage(4);
    const rows = await f.t.db.usageEvent.findMany({ where: { requestId: { in: answers.map((a) => a.id) } }, select: { requestId: true, endUser: true, costUsd: true } });
    const byId = new Map(rows.map((r) => [r.requestId, r]));
    expect(answers.map((a) => byId.get(a.id)?.endUser)).toEqual(["\uFFFD", "\uFFFD", "a".repeat(255), "ok"]);
    expect(rows.every((r) => r.costUsd !== null && Number(r.costUsd) > 0)).toBe(true);
    expect(await f.t.db.usageDeadLetter.count()).toBe(0);
  });

  it("dead-letters only the events that can never be stored; the rest of their batch lands, and ingest goes on", async () => {
    await f.t.db.usageEvent.deleteMany();
    const good = Array.from({ length: 300 }, () => usageEvent({ orgId: f.orgId, projectId: f.projectId, occurredAt: new Date().toISOString() }));
    const overflowLatency = usageEvent({ orgId: f.orgId, projectId: f.projectId, latencyMs: 3_000_000_000 }); // past int4: 22003
    const overflowCost = usageEvent({ orgId: f.orgId, projectId: f.projectId, costUsd: "123456789012345678901234.5" }); // past numeric(20,9)
    // An older proxy's event with a NUL, as it sits in the stream (today's schema makes it storable, so it lands).
    const legacyNul = JSON.stringify(usageEvent({ orgId: f.orgId, projectId: f.projectId, endUser: "x" })).replace('"endUser":"x"', '"endUser":"\\u0000"');
    await xadd([...good.slice(0, 150), overflowLatency, "{not json", overflowCost, legacyNul, JSON.stringify({ orgId: f.orgId, requestId: "half" }), ...good.slice(150)]);
    await expectStreamDrained();

    expect(await f.t.db.usageEvent.count()).toBe(301);
    // Ingest goes on, for entries in the older one-event format too.
    const later = usageEvent({ orgId: f.orgId, projectId: f.projectId });
    await xadd([later], "one per entry");
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { requestId: later.requestId } })) === 1, 10_000, "a later event");

    const letters = await f.t.db.usageDeadLetter.findMany({ orderBy: { id: "asc" } });
    expect(letters.map((l) => [l.reason, l.errorCode, l.requestId]).sort()).toEqual([
      ["invalid_event", null, "half"],
      ["invalid_event", null, null],
      ["storage_rejected", "22003", overflowCost.requestId],
      ["storage_rejected", "22003", overflowLatency.requestId],
    ].sort());
    expect(Buffer.from(letters.find((l) => l.requestId === null)!.payload).toString()).toBe("{not json");
    // Each kept under its own id: its entry's, and its place in that entry.
    expect(letters.every((l) => /^\d+-\d+#\d+$/.test(l.streamId))).toBe(true);

    const listed = await listDeadLetters(f.t.db, { orgId: f.orgId });
    expect(listed.open).toBe(3); // the non-JSON entry names no org
    expect(listed.deadLetters.map((d) => d.requestId)).toEqual(expect.arrayContaining([overflowCost.requestId, overflowLatency.requestId, "half"]));
    expect(await metric("tollgate_usage_dead_letters")).toBe(4);
  });

  it("replays a dead letter once the cause is fixed, exactly once, and audits it", async () => {
    await f.t.db.usageDeadLetter.deleteMany();
    // A constraint stands in for a defect in today's code that a later release fixes.
    await f.t.db.$executeRawUnsafe(`ALTER TABLE usage_event ADD CONSTRAINT no_blocked_user CHECK (end_user IS DISTINCT FROM 'blocked')`);
    const blocked = usageEvent({ orgId: f.orgId, projectId: f.projectId, endUser: "blocked", costUsd: "0.000123000" });
    const fine = usageEvent({ orgId: f.orgId, projectId: f.projectId });
    await xadd([blocked, fine]);
    await expectStreamDrained();
    await waitFor(async () => (await f.t.db.usageDeadLetter.count()) === 1, 5000, "the dead letter");
    expect((await f.t.db.usageDeadLetter.findFirstOrThrow()).errorCode).toBe("23514");
    expect(await f.t.db.usageEvent.count({ where: { requestId: fine.requestId } })).toBe(1);

    const owner = systemPrincipal(f.orgId);
    expect(await replayDeadLetters(f.t.db, owner)).toEqual({ replayed: 0, stillFailing: 1, open: 1 });
    expect((await f.t.db.usageDeadLetter.findFirstOrThrow()).failures).toBe(2);

    await f.t.db.$executeRawUnsafe(`ALTER TABLE usage_event DROP CONSTRAINT no_blocked_user`);
    expect(await replayDeadLetters(f.t.db, owner)).toEqual({ replayed: 1, stillFailing: 0, open: 0 });
    expect(await replayDeadLetters(f.t.db, owner)).toEqual({ replayed: 0, stillFailing: 0, open: 0 });
    const row = await f.t.db.usageEvent.findFirstOrThrow({ where: { requestId: blocked.requestId } });
    expect(row.costUsd?.toString()).toBe("0.000123");
    const rollup = await f.t.db.$queryRaw<{ n: bigint }[]>`SELECT sum(requests) AS n FROM usage_rollup_hourly WHERE org_id = ${f.orgId} AND hour = date_trunc('hour', ${new Date(blocked.occurredAt)}::timestamptz)`;
    expect(rollup[0]!.n).toBeGreaterThanOrEqual(2n);
    expect(await f.t.db.auditLog.count({ where: { orgId: f.orgId, action: "usage.dead_letters.replay" } })).toBe(2);
    expect(await metric("tollgate_usage_dead_letters")).toBe(0);
  });

  it("never dead-letters on an outage: a batch Postgres cannot be reached for stays pending and lands later", async () => {
    await f.t.db.usageDeadLetter.deleteMany();
    // Another org's replay cannot touch this org's letters.
    expect(await replayDeadLetters(f.t.db, systemPrincipal("some-other-org"))).toEqual({ replayed: 0, stillFailing: 0, open: 0 });
    const unreachable = createDbClient(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`, { poolSize: 1 });
    const redis = createRedis(f.redisUrl);
    const events = [usageEvent({ orgId: f.orgId, projectId: f.projectId }), usageEvent({ orgId: f.orgId, projectId: f.projectId })];
    await f.consumer!.stop();
    f.consumer = null;
    await xadd(events);
    await expect(drainUsageStreamOnce(redis, unreachable, { consumer: "outage", batchSize: 10, blockMs: 100, claimIdleMs: 60_000 })).rejects.toThrow();
    await unreachable.$disconnect();
    expect(await streamedUsageCount(redis)).toBe(2);
    // The same consumer, Postgres back: its pending entry (both events) lands.
    expect(await drainUsageStreamOnce(redis, f.t.db, { consumer: "outage", batchSize: 10, blockMs: 100, claimIdleMs: 60_000 })).toMatchObject({ read: 2, entries: 1, inserted: 2, deadLettered: 0 });
    expect(await f.t.db.usageDeadLetter.count()).toBe(0);
    redis.disconnect();
  });
});
