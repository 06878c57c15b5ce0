// Requests in flight on a local model, counted across every proxy instance
// in Redis: a sorted set per org and model whose members are the requests
// holding a slot, scored by when their lease runs out. Taking a slot is one
// atomic script (expired leases dropped, count compared with the capacity,
// slot added), so two instances can never both take the last one.
//
// A lease is short (TOLLGATE_LOCAL_SLOT_LEASE_MS) and renewed while its
// request runs: one timer per process renews every slot it holds in one
// pipeline, every third of a lease, so a stream that runs for an hour keeps
// its slot for that hour. A crashed instance stops renewing, and its slots
// lapse within a lease. A renewal never adds a slot back (ZADD XX): one
// released, or dropped after a stall longer than a lease, stays gone, so the
// count can never exceed the capacity.
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

/** Without TOLLGATE_LOCAL_SLOT_LEASE_MS: a crashed instance's slots are free again within 30 s. */
export const DEFAULT_SLOT_LEASE_MS = 30_000;

interface SlotCommands {
  tollgateLocalSlot(key: string, now: number, leaseUntil: number, capacity: number, member: string): Promise<[number, number]>;
}

export type SlotResult = { acquired: true; inFlight: number } | { acquired: false; inFlight: number } | { acquired: false; inFlight: null };

export class LocalSlots {
  private readonly redis: Redis & SlotCommands;
  /** Slot key -> the members this process holds in it (what the renewal timer extends). */
  private readonly held = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly renewEveryMs: number;

  constructor(redis: Redis, private readonly leaseMs: number, private readonly clock: () => number = Date.now) {
    if (!("tollgateLocalSlot" in redis)) redis.defineCommand("tollgateLocalSlot", { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as Redis & SlotCommands;
    // Three renewals per lease: two can be lost (a stall, a slow Redis) before a live slot lapses.
    this.renewEveryMs = Math.max(50, Math.floor(leaseMs / 3));
  }

  /** Takes a slot when fewer than `capacity` are held. inFlight null: Redis could not be asked. */
  async acquire(orgId: string, model: string, member: string, capacity: number): Promise<SlotResult> {
    const now = this.clock();
    const key = slotKey(orgId, model);
    try {
      const [ok, n] = await this.redis.tollgateLocalSlot(key, now, now + this.leaseMs, capacity, member);
      if (ok !== 1) return { acquired: false, inFlight: n };
      if (member !== "") this.hold(key, member);
      return { acquired: true, inFlight: n };
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
    const key = slotKey(orgId, model);
    const members = this.held.get(key);
    if (members?.delete(member) && members.size === 0) this.held.delete(key);
    if (this.held.size === 0) this.stopTimer();
    void this.redis.zrem(key, member).catch(() => {});
  }

  /** Stops renewing (at shutdown, once requests are done). Slots still held lapse within a lease. */
  close(): void {
    this.held.clear();
    this.stopTimer();
  }

  private hold(key: string, member: string): void {
    let members = this.held.get(key);
    if (!members) this.held.set(key, (members = new Set()));
    members.add(member);
    if (!this.timer) {
      this.timer = setInterval(() => this.renew(), this.renewEveryMs);
      this.timer.unref();
    }
  }

  private renew(): void {
    const until = this.clock() + this.leaseMs;
    const pipeline = this.redis.pipeline();
    for (const [key, members] of this.held) {
      const args: (string | number)[] = [];
      for (const m of members) args.push(until, m);
      pipeline.zadd(key, "XX", ...args);
      pipeline.pexpireat(key, until);
    }
    // A failed renewal is retried at the next tick; two more fit in a lease.
    void pipeline.exec().catch(() => {});
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export function slotKey(orgId: string, model: string): string {
  return `tollgate:routing:local:${orgId}:${model}`;
}
