// The response cache store against a real Redis: an entry comes back byte for
// byte with its TTL set; what is too big, corrupt or invalid is never served;
// an org stays under its memory cap by evicting what expires soonest; one
// org's invalidation leaves the others alone; and with Redis stopped or hung
// the store answers a miss within its timeout instead of failing or stalling
// the request. With the process's hot entries in front, a repeat is answered
// from memory for a few seconds at most, never past its TTL or an invalidation.
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createLogger } from "../../lib/log/logger";
import { createRedis, FAIL_FAST_REDIS_OPTIONS, whenReady } from "../../lib/redis/create-redis";
import { cacheKey } from "../../lib/routing/response-cache/cache-key";
import { frameCacheEntry } from "../../lib/routing/response-cache/frame-cache-entry";
import { HotAnswers } from "../../lib/routing/response-cache/hot-answers";
import { createResponseCacheStore, ENTRY_OVERHEAD_BYTES, type CachedResponse, type ResponseCacheStoreOptions } from "../../lib/routing/response-cache/response-cache-store";
import { startRedis, type LocalRedis } from "../support/local-services";
import { startStoppableRedis, type StoppableRedis } from "../support/stoppable-redis";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let redis: Redis;
const clients: Redis[] = [];
const logs: { msg: string; suppressed?: number }[] = [];
const log = createLogger({ name: "test", level: "warn", destination: { write: (line: string) => void logs.push(JSON.parse(line)) } });

const keyOf = (orgId: string, question: string) =>
  cacheKey({ orgId, projectId: "proj_1", shareAcrossProjects: false, endpoint: "chat.completions", model: "gpt-5-mini", body: { messages: [{ role: "user", content: question }] } });
const entry = (body: Buffer | string = '{"object":"chat.completion"}'): CachedResponse => ({
  servedModel: "gpt-5-mini", deploymentId: "dep_1", status: 200, contentType: "application/json; charset=utf-8",
  body: Buffer.isBuffer(body) ? body : Buffer.from(body), costUsd: "0.000123456", createdAt: new Date("2026-03-01T12:00:00Z"),
  usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 4, reasoningTokens: 0 },
});
const storeOn = (r: Redis, options: Partial<ResponseCacheStoreOptions> = {}) => createResponseCacheStore({ redis: r, log, ...options });

async function timed<T>(work: Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work;
  return { ms: performance.now() - started, value };
}

beforeAll(async () => {
  const url = new URL(inject("redisUrl"));
  url.pathname = `/${TEST_REDIS_DBS.responseCache}`;
  redis = createRedis(url.toString(), FAIL_FAST_REDIS_OPTIONS);
  clients.push(redis);
  await whenReady(redis);
});
beforeEach(async () => {
  await redis.flushdb();
  logs.length = 0;
});
afterAll(() => {
  for (const c of clients) c.disconnect();
});

describe("response cache store", () => {
  it("returns what was put, byte for byte, under the TTL asked for", async () => {
    const store = storeOn(redis);
    const body = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from([0xc3, 0x28, 0, 0]), Buffer.from("{\"é\":\"🐈\"}")]);
    const key = keyOf("org_a", "q1");
    expect(await store.get(key, 3600)).toBeNull();
    expect(await store.put(key, entry(body), 600)).toBe(true);
    const hit = await store.get(key, 3600);
    expect(hit).toEqual(entry(body));
    expect(hit!.body.equals(body)).toBe(true);
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(598_000);
    expect(pttl).toBeLessThanOrEqual(600_000);
    // Its bookkeeping lives no longer than its entries.
    expect(await redis.pttl("tollgate:rcache:org_a:index")).toBeLessThanOrEqual(600_000);
    expect(await redis.pttl("tollgate:rcache:org_a:sizes")).toBeGreaterThan(0);
  });

  it("stops serving an entry when its TTL ends", async () => {
    const store = storeOn(redis);
    const key = keyOf("org_a", "short");
    expect(await store.put(key, entry(), 1)).toBe(true);
    expect(await store.get(key, 3600)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await store.get(key, 3600)).toBeNull();
  });

  it("does not store an entry over the size limit, nor an invalid one", async () => {
    const small = storeOn(redis, { maxEntryBytes: 4096 });
    expect(await small.put(keyOf("org_a", "big"), entry(Buffer.alloc(5000, 1)), 60)).toBe(false);
    expect(await small.put(keyOf("org_a", "fits"), entry(Buffer.alloc(3000, 1)), 60)).toBe(true);
    const store = storeOn(redis); // the default limit: 1 MiB for header and body together
    expect(await store.put(keyOf("org_a", "1MiB"), entry(Buffer.alloc(1024 * 1024, 1)), 60)).toBe(false);
    expect(await store.put(keyOf("org_a", "almost"), entry(Buffer.alloc(1024 * 1024 - 1024, 1)), 60)).toBe(true);
    expect(await store.put(keyOf("org_a", "500"), { ...entry(), status: 500 as 200 }, 60)).toBe(false);
    expect(await store.put(keyOf("org_a", "ttl0"), entry(), 0)).toBe(false);
    expect(await store.put(keyOf("org_a", "ttl8d"), entry(), 8 * 86_400)).toBe(false);
    expect(await store.put("tollgate:rcache:org_a:index", entry(), 60)).toBe(false);
    expect(await store.put(keyOf("org_a", "cost"), { ...entry(), costUsd: "0.1e-3" }, 60)).toBe(false);
    const stored = (await redis.keys("tollgate:rcache:org_a:*")).filter((k) => /[0-9a-f]{64}$/.test(k));
    expect(stored.sort()).toEqual([keyOf("org_a", "fits"), keyOf("org_a", "almost")].sort());
  });

  it("answers a corrupt entry as a miss and deletes it", async () => {
    const store = storeOn(redis);
    const garbage = keyOf("org_a", "garbage");
    await redis.set(garbage, Buffer.from([0x54, 0x47, 0x52, 0x43, 1, 0xff, 0xff, 0xff, 0xff, 0]));
    expect(await store.get(garbage, 3600)).toBeNull();
    const truncated = keyOf("org_a", "truncated");
    await store.put(truncated, entry(), 60);
    await redis.setrange(truncated, 9, "xx"); // the header JSON no longer parses
    expect(await store.get(truncated, 3600)).toBeNull();
    await new Promise((r) => setTimeout(r, 50)); // the delete is not awaited by get
    expect(await redis.exists(garbage, truncated)).toBe(0);
    expect(logs.filter((l) => l.msg === "response cache: corrupt entry deleted")).toHaveLength(2);
  });

  it("keeps an org under its memory cap by evicting what expires soonest, and leaves other orgs alone", async () => {
    const body = Buffer.alloc(10_000, 7);
    const frame = frameCacheEntry(entry(body)).length + ENTRY_OVERHEAD_BYTES; // what one entry counts
    const store = storeOn(redis, { maxOrgBytes: 3 * frame });
    const [soon, mid, late, newest] = ["soon", "mid", "late", "newest"].map((q) => keyOf("org_a", q)) as [string, string, string, string];
    const other = keyOf("org_b", "soon");
    expect(await store.put(mid, entry(body), 500)).toBe(true);
    expect(await store.put(soon, entry(body), 100)).toBe(true);
    expect(await store.put(late, entry(body), 900)).toBe(true);
    expect(await store.put(other, entry(body), 100)).toBe(true);
    expect(await store.put(newest, entry(body), 300)).toBe(true);
    expect(await redis.exists(soon)).toBe(0);
    expect(await redis.exists(mid, late, newest, other)).toBe(4);
    const total = Number(await redis.hget("tollgate:rcache:org_a:sizes", "~total"));
    expect(total).toBeLessThanOrEqual(3 * frame);
    expect(total).toBe((await redis.hvals("tollgate:rcache:org_a:sizes")).reduce((n, v) => n + Number(v), 0) - total);
    // Bigger than the whole cap: refused, nothing evicted for it.
    expect(await store.put(keyOf("org_a", "huge"), entry(Buffer.alloc(4 * frame)), 60)).toBe(false);
    expect(await redis.exists(mid, late, newest)).toBe(3);
    // Overwriting an entry replaces its size, not adds to it.
    expect(await store.put(late, entry(body), 900)).toBe(true);
    expect(Number(await redis.hget("tollgate:rcache:org_a:sizes", "~total"))).toBe(total);
  });

  it("forgets expired entries in its accounting", async () => {
    const store = storeOn(redis);
    const gone = keyOf("org_a", "gone");
    await store.put(gone, entry(), 1);
    await new Promise((r) => setTimeout(r, 1100));
    await store.put(keyOf("org_a", "kept"), entry(), 60);
    expect(await redis.zrange("tollgate:rcache:org_a:index", "0", "-1")).toEqual([keyOf("org_a", "kept").slice(-64)]);
    expect(await redis.hexists("tollgate:rcache:org_a:sizes", gone.slice(-64))).toBe(0);
  });

  it("invalidates one org's entries and bookkeeping, and no one else's", async () => {
    const store = storeOn(redis);
    for (const q of ["a", "b", "c"]) await store.put(keyOf("org_a", q), entry(), 60);
    await store.put(keyOf("org_ab", "a"), entry(), 60); // an org whose id starts with the other's
    await store.put(keyOf("org_b", "a"), entry(), 60);
    await redis.set("unrelated", "1");
    expect(await store.invalidateOrg("org_a")).toBe(5); // 3 entries, index, sizes
    expect(await redis.keys("tollgate:rcache:org_a:*")).toEqual([]);
    expect(await store.get(keyOf("org_ab", "a"), 3600)).not.toBeNull();
    expect(await store.get(keyOf("org_b", "a"), 3600)).not.toBeNull();
    expect(await redis.exists("unrelated")).toBe(1);
    expect(await store.invalidateOrg("org_none")).toBe(0);
    expect(await store.invalidateOrg("bad:*")).toBeNull();
  });
});

describe("response cache store with the process's hot entries in front of Redis", () => {
  const fresh = (body = '{"object":"chat.completion"}'): CachedResponse => ({ ...entry(body), createdAt: new Date() });
  const hotStore = (maxAgeMs = 5000) => {
    const clock = { now: Date.now() };
    const memory = new HotAnswers({ maxBytes: 1024 * 1024, maxAgeMs, clock: () => clock.now });
    return { store: storeOn(redis, { memory }), memory, clock };
  };

  it("answers a repeat from memory, not Redis, until maxAgeMs; then asks Redis again", async () => {
    const { store, memory, clock } = hotStore(5000);
    const key = keyOf("org_a", "hot");
    expect(await store.put(key, fresh(), 600)).toBe(true);
    expect(memory.size().entries).toBe(1);
    await redis.del(key); // Redis no longer has it: only memory can answer
    expect(await store.get(key, 600)).toMatchObject({ servedModel: "gpt-5-mini" });
    clock.now += 5000;
    expect(await store.get(key, 600)).toBeNull();
  });

  it("remembers what Redis gave, put there by another instance, and never past the rule's TTL", async () => {
    const other = storeOn(redis);
    const { store, memory, clock } = hotStore(60_000);
    const key = keyOf("org_a", "from-elsewhere");
    const stored = fresh();
    expect(await other.put(key, stored, 2)).toBe(true);
    expect(await store.get(key, 2)).not.toBeNull();
    expect(memory.size().entries).toBe(1);
    clock.now = stored.createdAt.getTime() + 2000; // the entry's TTL has run out (Redis expires it on its own clock)
    expect(memory.get(key, 2)).toBeNull();
  });

  it("an invalidation forgets the org in memory too, and what Redis still answers meanwhile is not held again", async () => {
    const { store, memory } = hotStore();
    const a = keyOf("org_a", "inv");
    const b = keyOf("org_b", "inv");
    await store.put(a, fresh(), 600);
    await store.put(b, fresh(), 600);
    expect(await store.invalidateOrg("org_a")).toBeGreaterThan(0);
    expect(await store.get(a, 600)).toBeNull();
    expect(await store.get(b, 600)).not.toBeNull();
    // Another instance stores org_a's answer again right away: served from Redis, held in memory only after the quiet window.
    await storeOn(redis).put(a, fresh(), 600);
    expect(await store.get(a, 600)).not.toBeNull();
    expect(memory.get(a, 600)).toBeNull();
  });
});

describe("response cache store while Redis is down or hung", () => {
  let stoppable: StoppableRedis;
  let hung: LocalRedis;
  beforeAll(async () => {
    [stoppable, hung] = await Promise.all([startStoppableRedis(), startRedis()]);
  });
  afterAll(async () => {
    hung?.resume();
    for (const c of clients) c.disconnect();
    await stoppable?.remove();
    await hung?.stop();
  });

  it("answers a miss at once when Redis is stopped, on a fail-fast or a default connection, and serves again when it is back", async () => {
    const failFast = createRedis(stoppable.url, FAIL_FAST_REDIS_OPTIONS);
    const queued = createRedis(stoppable.url); // offline queue on, retries forever: the store must not wait on it
    for (const c of [failFast, queued]) {
      c.on("error", () => {});
      clients.push(c);
      await whenReady(c);
    }
    const key = keyOf("org_a", "outage");
    expect(await storeOn(failFast).put(key, entry(), 600)).toBe(true);
    await stoppable.stop();
    for (const c of [failFast, queued]) {
      const store = storeOn(c);
      for (let i = 0; i < 3; i++) {
        const get = await timed(store.get(key, 3600));
        expect(get.value).toBeNull();
        expect(get.ms).toBeLessThan(200);
      }
      const put = await timed(store.put(keyOf("org_a", "during"), entry(), 60));
      expect(put.value).toBe(false);
      expect(put.ms).toBeLessThan(1500);
      expect(await store.invalidateOrg("org_a")).toBeNull();
    }
    await stoppable.start();
    for (let i = 0; i < 100 && failFast.status !== "ready"; i++) await new Promise((r) => setTimeout(r, 50)); // ioredis reconnects with backoff
    expect(await storeOn(failFast).get(key, 3600)).toMatchObject({ servedModel: "gpt-5-mini" });
  });

  it("gives up on a hung Redis after the get timeout, logging the outage once", async () => {
    const c = createRedis(hung.url, FAIL_FAST_REDIS_OPTIONS);
    c.on("error", () => {});
    clients.push(c);
    await whenReady(c);
    const store = storeOn(c, { getTimeoutMs: 50, writeTimeoutMs: 300 });
    const key = keyOf("org_a", "hung");
    expect(await store.put(key, entry(), 60)).toBe(true);
    logs.length = 0;
    hung.pause();
    for (let i = 0; i < 5; i++) {
      const get = await timed(store.get(key, 3600));
      expect(get.value).toBeNull();
      expect(get.ms).toBeGreaterThanOrEqual(45);
      expect(get.ms).toBeLessThan(150);
    }
    const put = await timed(store.put(keyOf("org_a", "hung-put"), entry(), 60));
    expect(put.value).toBe(false);
    expect(put.ms).toBeLessThan(600);
    expect(logs.map((l) => l.msg)).toEqual(["response cache: get failed, answered as a miss", "response cache: put failed, answer not cached"]);
    hung.resume();
    expect(await store.get(key, 3600)).not.toBeNull();
  });
});
