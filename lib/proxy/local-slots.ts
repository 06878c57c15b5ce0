// Requests in flight on a local model, counted across every proxy instance
// in Redis: a sorted set per org and model whose members are the requests
// holding a slot, scored by when their lease runs out. Taking a slot is one
// atomic script (expired leases dropped, count compared with the capacity,
// slot added), so two instances can never both take the last one. A lease
// outlives the longest request (upstream timeout plus a margin): a crashed
// instance's slots free themselves.
import type { Redis } from "ioredis";

const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local n = redis.call('ZCARD', KEYS[1])
local cap = tonumber(ARGV[3])
if n < cap then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
  return {1, n + 1}
end
return {0, n}
`;

interface SlotCommands {
  tollgateLocalSlot(key: string, now: number, leaseUntil: number, capacity: number, member: string): Promise<[number, number]>;
}

export type SlotResult = { acquired: true; inFlight: number } | { acquired: false; inFlight: number } | { acquired: false; inFlight: null };

export class LocalSlots {
  private readonly redis: Redis & SlotCommands;

  constructor(redis: Redis, private readonly leaseMs: number, private readonly clock: () => number = Date.now) {
    if (!("tollgateLocalSlot" in redis)) redis.defineCommand("tollgateLocalSlot", { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as Redis & SlotCommands;
  }

  /** Takes a slot when fewer than `capacity` are held. inFlight null: Redis could not be asked. */
  async acquire(orgId: string, model: string, member: string, capacity: number): Promise<SlotResult> {
    const now = this.clock();
    try {
      const [ok, n] = await this.redis.tollgateLocalSlot(slotKey(orgId, model), now, now + this.leaseMs, capacity, member);
      return ok === 1 ? { acquired: true, inFlight: n } : { acquired: false, inFlight: n };
    } catch {
      return { acquired: false, inFlight: null };
    }
  }

  /** Counts the slots held, taking none. */
  async count(orgId: string, model: string): Promise<number | null> {
    const result = await this.acquire(orgId, model, "", 0);
    return result.inFlight;
  }

  release(orgId: string, model: string, member: string): void {
    void this.redis.zrem(slotKey(orgId, model), member).catch(() => {});
  }
}

function slotKey(orgId: string, model: string): string {
  return `tollgate:routing:local:${orgId}:${model}`;
}
