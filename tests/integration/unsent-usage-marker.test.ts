// A web process whose usage Redis has not confirmed (memory queue, journal)
// says so in Redis, so reconcile never lowers a counter to a ledger that may
// still miss those events; the mark goes once everything is confirmed.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, inject, it } from "vitest";
import { createLogger } from "../../lib/log/logger";
import { createRedis } from "../../lib/redis/create-redis";
import { UNSENT_USAGE_KEY, oldestUnsentUsageMs } from "../../lib/usage/unsent-usage-marker";
import { UsageEmitter } from "../../lib/usage/usage-emitter";
import { USAGE_STREAM_KEY } from "../../lib/usage/usage-stream";
import { waitFor } from "../support/budget-helpers";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";
import { usageEvent } from "../support/usage-fixtures";
import { streamedUsageCount } from "../support/streamed-usage";

const url = new URL(inject("redisUrl"));
url.pathname = `/${TEST_REDIS_DBS.unsentUsageMarker}`;
const redis = createRedis(url.toString());
const journalDir = mkdtempSync(path.join(os.tmpdir(), "tollgate-unsent-"));
afterAll(() => {
  redis.disconnect();
  rmSync(journalDir, { recursive: true, force: true });
});

it("publishes the oldest unconfirmed emit time while Redis refuses the events, and clears it once they land", async () => {
  await redis.flushdb();
  // Redis answers, but every XADD fails (the stream key holds a string): the events stay unconfirmed.
  await redis.set(USAGE_STREAM_KEY, "not a stream");
  const emitter = await UsageEmitter.start(redis, createLogger({ name: "test", level: "silent" }), { journalDir, spillAfterMs: 500 });
  const firstEmit = Date.now();
  for (let i = 0; i < 20; i++) emitter.emit(usageEvent({ requestId: `unsent_${i}` }));
  const lastEmit = Date.now();

  await waitFor(async () => (await redis.hlen(UNSENT_USAGE_KEY)) === 1, 15_000, "the unsent mark");
  const oldest = await oldestUnsentUsageMs(redis);
  expect(oldest).not.toBeNull();
  // A lower bound on the oldest unconfirmed event's emit time: at most the end of the emitting loop (the
  // clock may tick during it, so the first emit's own millisecond can be later than firstEmit).
  expect(oldest!).toBeLessThanOrEqual(lastEmit);
  expect(oldest!).toBeGreaterThan(firstEmit - 60_000);
  expect(emitter.pending + emitter.journalBytes).toBeGreaterThan(0);

  // The cause goes away: the events reach the stream, and the mark is removed.
  await redis.del(USAGE_STREAM_KEY);
  expect(await emitter.flush(15_000)).toBe(true);
  expect(await streamedUsageCount(redis)).toBe(20);
  await waitFor(async () => (await redis.hlen(UNSENT_USAGE_KEY)) === 0, 15_000, "the mark to clear");
  expect(await oldestUnsentUsageMs(redis)).toBeNull();
  await emitter.close();
}, 60_000);

it("ignores a mark nobody refreshed for 15 minutes and forgets it after a day", async () => {
  await redis.flushdb();
  const now = Date.now();
  await redis.hset(UNSENT_USAGE_KEY, "live", `${now - 60_000}:${now - 1000}`, "stale", `${now - 3600_000}:${now - 16 * 60_000}`, "ancient", `1:${now - 25 * 3600_000}`);
  expect(await oldestUnsentUsageMs(redis, now)).toBe(now - 60_000);
  expect(Object.keys(await redis.hgetall(UNSENT_USAGE_KEY)).sort()).toEqual(["live", "stale"]);
});
