// Whether the Postgres ledger is known to hold every usage event of an org
// emitted before a given time: the usage stream has no entry (unread, or read
// and not yet acknowledged) that old, and the org has no open dead letter in
// the period. Reconcile asks this before it lowers a budget counter: a counter
// ahead of a lagging ledger is right, and lowering it would let the budget
// be spent twice.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { USAGE_STREAM_KEY } from "./usage-stream";

/** The time (ms) of the oldest event still in the stream, null when it is empty. Acknowledged entries are deleted, so this is ingest's backlog. */
export async function oldestUnstoredUsageMs(redis: Redis): Promise<number | null> {
  const [oldest] = (await redis.xrange(USAGE_STREAM_KEY, "-", "+", "COUNT", 1)) as [string, string[]][];
  return oldest ? Number(oldest[0].split("-")[0]) : null;
}

export async function openDeadLetterCount(db: DbClient, orgId: string, since: Date): Promise<number> {
  // Dead letters whose time could not be read count too: they may belong to the period.
  return db.usageDeadLetter.count({ where: { orgId, replayedAt: null, OR: [{ occurredAt: { gte: since } }, { occurredAt: null }] } });
}
