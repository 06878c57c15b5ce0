// Whether the Postgres ledger is known to hold every usage event of an org
// emitted before a given time: the usage stream has no entry (unread, or read
// and not yet acknowledged) that old, no web process holds one that old in
// memory or in its journal, and the org has no open dead letter in
// the period. Reconcile asks this before it lowers a budget counter: a counter
// ahead of a lagging ledger is right, and lowering it would let the budget
// be spent twice.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { oldestUnsentUsageMs } from "./unsent-usage-marker";
import { USAGE_STREAM_KEY } from "./usage-stream";

/**
 * A lower bound (ms) on the emit time of the oldest usage event not yet in Postgres, null when there is
 * none: the oldest stream entry (acknowledged entries are deleted, so the stream is ingest's backlog),
 * and what web processes hold unconfirmed in memory or in their journals (lib/usage/unsent-usage-marker.ts).
 */
export async function oldestUnstoredUsageMs(redis: Redis): Promise<number | null> {
  const [[oldest], unsent] = await Promise.all([redis.xrange(USAGE_STREAM_KEY, "-", "+", "COUNT", 1) as Promise<[string, string[]][]>, oldestUnsentUsageMs(redis)]);
  const inStream = oldest ? Number(oldest[0].split("-")[0]) : null;
  if (inStream === null) return unsent;
  return unsent === null ? inStream : Math.min(inStream, unsent);
}

export async function openDeadLetterCount(db: DbClient, orgId: string, since: Date): Promise<number> {
  // Dead letters whose time could not be read count too: they may belong to the period.
  return db.usageDeadLetter.count({ where: { orgId, replayedAt: null, OR: [{ occurredAt: { gte: since } }, { occurredAt: null }] } });
}
