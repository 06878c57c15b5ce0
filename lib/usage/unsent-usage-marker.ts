// What reconcile cannot see in the stream: usage a web process has emitted
// but Redis has not confirmed (its memory queue, its journal). Each process
// with such a backlog publishes, in one Redis hash, a lower bound on the
// emit time of its oldest unconfirmed event, refreshed while the backlog
// lasts and removed when it clears. Reconcile treats the bound like the
// oldest stream entry: a counter is never lowered to a ledger that may miss
// events that old. A process that dies with a journal leaves its entry; it
// counts for STALE_AFTER_MS (the next process to start adopts the journal
// and publishes its own), after which it is ignored, so one crash cannot
// stop counter corrections for good.
import { hostname } from "node:os";
import type { Redis } from "ioredis";

export const UNSENT_USAGE_KEY = "tollgate:usage:unsent";
export const STALE_AFTER_MS = 15 * 60_000;
const FORGET_AFTER_MS = 24 * 3600_000;

export const unsentUsageField = (): string => `${hostname()}-${process.pid}`;

export async function publishUnsentUsage(redis: Redis, field: string, confirmedThroughMs: number, now = Date.now()): Promise<void> {
  await redis.hset(UNSENT_USAGE_KEY, field, `${confirmedThroughMs}:${now}`);
}

export async function clearUnsentUsage(redis: Redis, field: string): Promise<void> {
  await redis.hdel(UNSENT_USAGE_KEY, field);
}

/** The oldest bound among live entries (null when none); entries not refreshed for a day are removed. */
export async function oldestUnsentUsageMs(redis: Redis, now = Date.now()): Promise<number | null> {
  const entries = await redis.hgetall(UNSENT_USAGE_KEY);
  let oldest: number | null = null;
  const forget: string[] = [];
  for (const [field, value] of Object.entries(entries)) {
    const [through, refreshed] = value.split(":").map(Number);
    if (!Number.isFinite(through) || !Number.isFinite(refreshed)) continue;
    if (now - refreshed! > FORGET_AFTER_MS) forget.push(field);
    if (now - refreshed! > STALE_AFTER_MS) continue;
    oldest = oldest === null ? through! : Math.min(oldest, through!);
  }
  if (forget.length) await redis.hdel(UNSENT_USAGE_KEY, ...forget);
  return oldest;
}
