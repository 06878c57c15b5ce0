// lib/redis/script-batcher.ts against a real Redis: the calls of one event-loop turn share one EVALSHA,
// each gets its own answer (or its own error), a shared part is sent once per batch, and an outage fails
// every call of the batch.
import { randomUUID } from "node:crypto";
import { ReplyError } from "ioredis";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createRedis } from "../../lib/redis/create-redis";
import { withLimitScripts } from "../../lib/limits/limit-scripts";
import { BatchGroup, batchedLua, ScriptBatcher, type SharedPart } from "../../lib/redis/script-batcher";

// Adds the call's ARGV[1] times the shared multiplier SA[1] to the shared key SK[1], and answers
// {the new value, the shared key, the call's own key}; "boom" fails inside Redis half-way.
const ADD = batchedLua(`
local function run(SK, SA, KEYS, ARGV)
  local v = redis.call('INCRBY', SK[1], tonumber(ARGV[1]) * tonumber(SA[1]))
  if ARGV[2] == 'boom' then redis.call('HSET', SK[1], 'f', 'v') end
  return {v, SK[1], KEYS[1] or ''}
end
local function finish() end
`);

type Reply = [number, string, string];
let redis: ReturnType<typeof createRedis>;
let batcher: ScriptBatcher<Reply>;
let sent: { calls: number; shared: number; length: number }[];
const prefix = `script-batcher:${randomUUID()}`;
const NO_LIMITS: SharedPart = { keys: [], args: [0, 0] };
const shared = (key: string, times = 1): SharedPart => ({ keys: [`${prefix}:${key}`], args: [times] });

beforeAll(async () => {
  redis = createRedis(inject("redisUrl"));
  redis.defineCommand("batchedAdd", { lua: ADD });
  sent = [];
  const send = (n: number, keysAndArgs: (string | number)[]) => {
    sent.push({ shared: Number(keysAndArgs[n]), calls: Number(keysAndArgs[n + 1]), length: keysAndArgs.length });
    return (redis as unknown as { batchedAdd: (n: number, r: (string | number)[]) => Promise<unknown[]> }).batchedAdd(n, keysAndArgs);
  };
  batcher = new ScriptBatcher<Reply>(send, 4);
});
afterAll(() => redis.quit());

it("sends the calls of one turn in batches of at most maxBatch, each answered with its own reply, in order", async () => {
  sent.length = 0;
  const parts = [shared("k0"), shared("k1"), shared("k2")];
  const calls = Array.from({ length: 10 }, (_, i) => batcher.call(parts[i % 3]!, [`${prefix}:own${i}`], [i + 1, "ok"]));
  const replies = await Promise.all(calls);
  expect(sent.map((s) => s.calls)).toEqual([4, 4, 2]);
  expect(replies.map((r) => [r[1], r[2]])).toEqual(Array.from({ length: 10 }, (_, i) => [`${prefix}:k${i % 3}`, `${prefix}:own${i}`]));
  // Each call saw the ones before it (they ran one after another): k0 got 1, 4, 7, 10.
  expect(replies.filter((_, i) => i % 3 === 0).map((r) => r[0])).toEqual([1, 5, 12, 22]);
  expect(await redis.get(`${prefix}:k0`)).toBe("22");
});

it("sends a shared part once per batch however many calls name it, and each call runs with its own", async () => {
  sent.length = 0;
  const triple = shared("shared", 3);
  const single = shared("single");
  const replies = await Promise.all([
    batcher.call(triple, [], [1, "ok"]), batcher.call(single, [], [5, "ok"]), batcher.call(triple, [], [2, "ok"]), batcher.call(triple, [], [10, "ok"]),
  ]);
  // Two shared parts (one key and one arg each), four calls (index, key count, arg count and two args each).
  expect(sent).toEqual([{ shared: 2, calls: 4, length: 2 + 2 * (1 + 2 + 1) + 4 * (3 + 2) }]);
  expect(replies.map((r) => r[0])).toEqual([3, 5, 9, 39]);
  expect(replies.map((r) => r[1])).toEqual([`${prefix}:shared`, `${prefix}:single`, `${prefix}:shared`, `${prefix}:shared`]);
});

it("a call that fails inside Redis rejects alone with a ReplyError; the others of its batch are answered", async () => {
  sent.length = 0;
  const part = shared("fail");
  const results = await Promise.allSettled([batcher.call(part, [], [1, "ok"]), batcher.call(part, [], [1, "boom"]), batcher.call(shared("after"), [], [5, "ok"])]);
  expect(sent.map((s) => s.calls)).toEqual([3]);
  expect(results[0]).toEqual({ status: "fulfilled", value: [1, `${prefix}:fail`, ""] });
  expect(results[1].status).toBe("rejected");
  const error = (results[1] as PromiseRejectedResult).reason;
  expect(error).toBeInstanceOf(ReplyError);
  expect(String(error.message)).toMatch(/WRONGTYPE/);
  expect(results[2]).toEqual({ status: "fulfilled", value: [5, `${prefix}:after`, ""] });
  // What the failing call applied before its error stays, as for a separate call.
  expect(await redis.get(`${prefix}:fail`)).toBe("2");
});

it("a batch Redis cannot run rejects every call in it, and the next turn's calls go through", async () => {
  const broken = new ScriptBatcher<Reply>(() => Promise.reject(new Error("Connection is closed.")));
  const results = await Promise.allSettled([broken.call(shared("x"), [], [1, "ok"]), broken.call(shared("y"), [], [1, "ok"])]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  expect(results.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(["Connection is closed.", "Connection is closed."]);
  expect(await batcher.call(shared("z"), [], [3, "ok"])).toEqual([3, `${prefix}:z`, ""]);
});

it("batchers of one group send the batches of a turn from one callback, inside the group's coalesce", async () => {
  const events: string[] = [];
  const group = new BatchGroup((sendAll) => {
    events.push("coalesce:start");
    sendAll();
    events.push("coalesce:end");
  });
  const sender = (name: string) => (n: number, keysAndArgs: (string | number)[]) => {
    events.push(`send:${name}`);
    return (redis as unknown as { batchedAdd: (n: number, r: (string | number)[]) => Promise<unknown[]> }).batchedAdd(n, keysAndArgs);
  };
  const a = new ScriptBatcher<Reply>(sender("a"), 4, group);
  const b = new ScriptBatcher<Reply>(sender("b"), 4, group);
  const replies = await Promise.all([a.call(shared("ga"), [], [1, "ok"]), b.call(shared("gb"), [], [2, "ok"]), a.call(shared("ga"), [], [3, "ok"])]);
  expect(replies.map((r) => r[0])).toEqual([1, 2, 4]);
  expect(events).toEqual(["coalesce:start", "send:a", "send:b", "coalesce:end"]);
  // The next turn's calls are a new callback.
  events.length = 0;
  await b.call(shared("gb"), [], [1, "ok"]);
  expect(events).toEqual(["coalesce:start", "send:b", "coalesce:end"]);
});

it("on a limits connection, a turn's admission and settle batches leave in one socket write, outside ioredis's auto-pipelines", async () => {
  const limits = withLimitScripts(createRedis(inject("redisUrl"), { enableAutoPipelining: true }));
  await limits.ping();
  // The socket's writes to the kernel: one per _write or _writev (Writable's contract for stream implementations).
  const socket = limits.stream as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  let writes = 0;
  for (const method of ["_write", "_writev"] as const) {
    const original = socket[method].bind(socket);
    socket[method] = (...a: unknown[]) => {
      writes++;
      original(...a);
    };
  }
  try {
    for (let i = 0; i < 5; i++) {
      writes = 0;
      const member = `${prefix}:req${i}:0`;
      const admitted = limits.limitAdmit.call(NO_LIMITS, [], [Date.now(), member, 60_000, "0", 0]);
      const settled = limits.limitSettle.call(NO_LIMITS, [`${prefix}:settled:${member}`], [member, "0", "0", 60_000]);
      // Sent at once from the batchers' callback, not queued in an auto-pipeline for a later turn.
      await new Promise((resolve) => setImmediate(resolve));
      expect(limits.autoPipelineQueueSize).toBe(0);
      expect(writes).toBe(1);
      expect(await admitted).toEqual(["ok", -1, -1, 0, -1, -1, 0]);
      expect(await settled).toEqual([]);
    }
  } finally {
    limits.disconnect();
  }
});
