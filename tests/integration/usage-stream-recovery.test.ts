// The worker and /metrics across Redis trouble: a Redis that comes back
// without its data (no persistence, or wiped) loses the consumer group, and
// the consumer must create it again instead of failing until restarted; a
// /metrics scrape while Redis is stopped answers at once instead of hanging.
import { afterAll, describe, expect, inject, it } from "vitest";
import { USAGE_STREAM_KEY } from "../../lib/usage/usage-stream";
import { waitFor } from "../support/budget-helpers";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { startStoppableRedis, type StoppableRedis } from "../support/stoppable-redis";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";
import { usageEvent } from "../support/usage-fixtures";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe("usage ingest and metrics across Redis trouble", () => {
  it("recreates the consumer group when Redis comes back empty, and goes on storing events", async () => {
    const f: ProxyFixture = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.usageStreamRecovery });
    cleanups.push(() => f.close());
    const before = usageEvent({ orgId: f.orgId, projectId: f.projectId });
    await f.redis.xadd(USAGE_STREAM_KEY, "*", "e", JSON.stringify(before));
    await f.waitForUsage(1);
    // Redis restarted without persistence: the stream and its group are gone.
    await f.redis.flushdb();
    const after = usageEvent({ orgId: f.orgId, projectId: f.projectId });
    await f.redis.xadd(USAGE_STREAM_KEY, "*", "e", JSON.stringify(after));
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { requestId: after.requestId } })) === 1, 20_000, "the event written after the wipe");
  });

  it("answers a /metrics scrape within seconds while Redis is stopped", async () => {
    const redis: StoppableRedis = await startStoppableRedis();
    cleanups.push(() => redis.remove());
    const token = "metrics-token-recovery-0123456789";
    const f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: redis.url, redisDb: 0, env: { TOLLGATE_METRICS_TOKEN: token } });
    cleanups.push(() => f.close());
    const scrape = () => fetch(`${f.baseURL.replace(/\/api\/v1$/, "")}/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    expect((await scrape()).status).toBe(200);
    await redis.stop();
    const started = Date.now();
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^tollgate_usage_dead_letters 0$/m);
    expect(Date.now() - started).toBeLessThan(5000);
    await redis.start();
  });
});
