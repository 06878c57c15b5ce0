import { QueueEvents, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "../../lib/log/logger";
import { closeQueues, enqueueJob, getQueue } from "../../lib/queues/get-queue";
import { QueueName } from "../../lib/queues/queue-names";
import { createRedis } from "../../lib/redis/create-redis";
import { loadWorkerEnv } from "../../workers/env";
import { registerWorkers } from "../../workers/register-workers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let t: TestDatabase;
let connection: Redis;
let workers: Worker[];
let events: QueueEvents;

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  // A Redis db of its own, emptied first, so parallel files never share queues.
  const url = new URL(inject("redisUrl"));
  url.pathname = `/${TEST_REDIS_DBS.usageIngestWorker}`;
  connection = createRedis(url.toString());
  await connection.flushdb();
  workers = registerWorkers({ db: t.db, connection, log: createLogger({ name: "test", level: "silent" }), env: loadWorkerEnv({ DATABASE_URL: t.url, REDIS_URL: url.toString() }) });
  events = new QueueEvents(QueueName.UsageIngest, { connection: connection.duplicate() });
  await events.waitUntilReady();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await events.close();
  await closeQueues();
  connection.disconnect();
  await t.drop();
});

describe("usage-ingest worker (real Redis + real Postgres)", () => {
  it("drains queued batches into Postgres, once, even when a batch is delivered twice", async () => {
    const batch = [usageEvent({ costUsd: "0.010000000" }), usageEvent({ costUsd: "0.020000000" })];
    const first = await enqueueJob(connection, QueueName.UsageIngest, { events: batch });
    expect(await first.waitUntilFinished(events, 20_000)).toEqual({ inserted: 2, duplicates: 0 });
    // The same events again (e.g. the web process re-sent after a restart).
    const again = await enqueueJob(connection, QueueName.UsageIngest, { events: batch });
    expect(await again.waitUntilFinished(events, 20_000)).toEqual({ inserted: 0, duplicates: 2 });

    const [row] = await t.db.$queryRaw<{ n: bigint; cost: string }[]>`SELECT count(*) AS n, sum(cost_usd)::text AS cost FROM usage_event`;
    expect(row).toEqual({ n: 2n, cost: "0.030000000" });
    const rollup = await t.db.usageRollupHourly.aggregate({ _sum: { requests: true, costUsd: true } });
    expect(rollup._sum.requests).toBe(2);
    expect(rollup._sum.costUsd?.toString()).toBe("0.03");
  });

  it("fails a malformed payload at once instead of retrying it forever", async () => {
    const queue = getQueue(QueueName.UsageIngest, connection);
    // Bypasses enqueueJob's validation, as a buggy producer would.
    const job = await queue.add(QueueName.UsageIngest, { events: [{ requestId: "x" }] } as never);
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/invalid usage-ingest payload/);
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(await t.db.usageEvent.count({ where: { requestId: "x" } })).toBe(0);
  });

  it("refuses to enqueue a payload that does not match the queue's schema", async () => {
    await expect(enqueueJob(connection, QueueName.UsageIngest, { events: [] })).rejects.toThrow();
  });
});
