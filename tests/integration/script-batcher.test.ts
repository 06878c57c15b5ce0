// lib/redis/script-batcher.ts against a real Redis: the calls of one event-loop turn share one EVALSHA,
// each gets its own answer (or its own error), and an outage fails every call of the batch.
import { randomUUID } from "node:crypto";
import { ReplyError } from "ioredis";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createRedis } from "../../lib/redis/create-redis";
import { batchedLua, ScriptBatcher } from "../../lib/redis/script-batcher";

// Adds ARGV[1] to KEYS[1] and answers {the new value, the call's key}; "boom" fails inside Redis half-way.
const ADD = batchedLua(`
local function run(KEYS, ARGV)
  local v = redis.call('INCRBY', KEYS[1], ARGV[1])
  if ARGV[2] == 'boom' then redis.call('HSET', KEYS[1], 'f', 'v') end
  return {v, KEYS[1]}
end
`);

type Reply = [number, string];
let redis: ReturnType<typeof createRedis>;
let batcher: ScriptBatcher<Reply>;
let sent: number[];
const prefix = `script-batcher:${randomUUID()}`;

beforeAll(async () => {
  redis = createRedis(inject("redisUrl"));
  redis.defineCommand("batchedAdd", { lua: ADD });
  sent = [];
  const send = (n: number, ...rest: (string | number)[]) => {
    sent.push(Number(rest[n])); // the batch's call count
    return (redis as unknown as { batchedAdd: (n: number, ...r: (string | number)[]) => Promise<unknown[]> }).batchedAdd(n, ...rest);
  };
  batcher = new ScriptBatcher<Reply>(send, 4);
});
afterAll(() => redis.quit());

it("sends the calls of one turn in batches of at most maxBatch, each answered with its own reply, in order", async () => {
  sent.length = 0;
  const calls = Array.from({ length: 10 }, (_, i) => batcher.call([`${prefix}:k${i % 3}`], [i + 1, "ok"]));
  const replies = await Promise.all(calls);
  expect(sent).toEqual([4, 4, 2]);
  expect(replies.map((r) => r[1])).toEqual(Array.from({ length: 10 }, (_, i) => `${prefix}:k${i % 3}`));
  // Each call saw the ones before it (they ran one after another): k0 got 1, 4, 7, 10.
  expect(replies.filter((_, i) => i % 3 === 0).map((r) => r[0])).toEqual([1, 5, 12, 22]);
  expect(await redis.get(`${prefix}:k0`)).toBe("22");
});

it("a call that fails inside Redis rejects alone with a ReplyError; the others of its batch are answered", async () => {
  sent.length = 0;
  const key = `${prefix}:fail`;
  const results = await Promise.allSettled([batcher.call([key], [1, "ok"]), batcher.call([key], [1, "boom"]), batcher.call([`${prefix}:after`], [5, "ok"])]);
  expect(sent).toEqual([3]);
  expect(results[0]).toEqual({ status: "fulfilled", value: [1, key] });
  expect(results[1].status).toBe("rejected");
  const error = (results[1] as PromiseRejectedResult).reason;
  expect(error).toBeInstanceOf(ReplyError);
  expect(String(error.message)).toMatch(/WRONGTYPE/);
  expect(results[2]).toEqual({ status: "fulfilled", value: [5, `${prefix}:after`] });
  // What the failing call applied before its error stays, as for a separate call.
  expect(await redis.get(key)).toBe("2");
});

it("a batch Redis cannot run rejects every call in it, and the next turn's calls go through", async () => {
  const broken = new ScriptBatcher<Reply>(() => Promise.reject(new Error("Connection is closed.")));
  const results = await Promise.allSettled([broken.call([`${prefix}:x`], [1, "ok"]), broken.call([`${prefix}:y`], [1, "ok"])]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(["Connection is closed.", "Connection is closed."]);
  expect(await batcher.call([`${prefix}:z`], [3, "ok"])).toEqual([3, `${prefix}:z`]);
});
