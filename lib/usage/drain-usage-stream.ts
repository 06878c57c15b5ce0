// The worker side of the usage stream: read a batch for this consumer (its
// own unacknowledged entries first, then new ones, then entries stuck with
// dead consumers), store it, acknowledge and delete it. Throws on a storage
// failure that may pass (Postgres down) so the caller backs off; nothing is
// acknowledged unless committed. An event that can never be stored (invalid,
// or refused by Postgres with a data error) is dead-lettered, and the rest
// of its batch lands.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { deadLetterUsage, type DeadLetterInput } from "./dead-letter-usage";
import { storeIsolatingPoison } from "./store-isolating-poison";
import { readUsageEvent } from "./read-usage-event";
import type { UsageEvent } from "./usage-event-schema";
import { USAGE_CONSUMER_GROUP, USAGE_STREAM_KEY, usageEventsOfEntry } from "./usage-stream";

type Entries = [id: string, fields: string[]][];

export async function ensureUsageConsumerGroup(redis: Redis): Promise<void> {
  try {
    await redis.xgroup("CREATE", USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP, "0", "MKSTREAM");
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("BUSYGROUP")) throw error;
  }
}

export interface DrainResult {
  /** Events read (an entry holds one or more). */
  read: number;
  /** Stream entries read. */
  entries: number;
  inserted: number;
  /** Kept in usage_dead_letter instead of stored: invalid events and rows Postgres refused. */
  deadLettered: number;
  /** The first dead letter's reason, for the worker's log line. */
  firstError?: string;
}

export async function drainUsageStreamOnce(
  redis: Redis,
  db: DbClient,
  options: {
    consumer: string;
    /** Events per ingest statement. */
    batchSize: number;
    blockMs: number;
    claimIdleMs: number;
    /** Entries per read (default batchSize): the caller sizes it from the events per entry it has seen, so a read is about batchSize events. */
    entryCount?: number;
  },
): Promise<DrainResult> {
  const count = Math.max(1, Math.min(options.entryCount ?? options.batchSize, options.batchSize));
  // 1. Our own pending entries (a previous attempt failed before XACK).
  let entries = await readGroup(redis, options.consumer, count, "0");
  // 2. Entries a dead consumer left unacknowledged.
  if (entries.length === 0) {
    const claimed = (await redis.xautoclaim(USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP, options.consumer, options.claimIdleMs, "0-0", "COUNT", count)) as [string, Entries];
    entries = (claimed[1] ?? []).filter((e) => e && e[1]);
  }
  // 3. New entries.
  if (entries.length === 0) entries = await readGroup(redis, options.consumer, count, ">", options.blockMs);
  if (entries.length === 0) return { read: 0, entries: 0, inserted: 0, deadLettered: 0 };

  const valid: { streamId: string; raw: string; event: UsageEvent }[] = [];
  const letters: DeadLetterInput[] = [];
  let read = 0;
  for (const [entryId, fields] of entries) {
    for (const { id: streamId, raw } of usageEventsOfEntry(entryId, fields)) {
      read++;
      const parsed = readUsageEvent(safeJson(raw));
      if (parsed.success) valid.push({ streamId, raw, event: parsed.data });
      else letters.push({ streamId, raw, reason: "invalid_event", errorCode: null, errorMessage: parsed.issues });
    }
  }
  // Entries hold several events: stored batchSize at a time (a transient failure of any part leaves all of it unacknowledged).
  let inserted = 0;
  for (let i = 0; i < valid.length; i += options.batchSize) {
    const part = await storeIsolatingPoison(db, valid.slice(i, i + options.batchSize));
    inserted += part.inserted;
    for (const { item, error } of part.rejected) letters.push({ streamId: item.streamId, raw: item.raw, reason: "storage_rejected", errorCode: error.code, errorMessage: error.message });
  }
  // Kept before the acknowledgement: a crash in between redelivers the entries, and both writes are idempotent.
  await deadLetterUsage(db, letters);
  const ids = entries.map(([id]) => id);
  await redis.multi().xack(USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP, ...ids).xdel(USAGE_STREAM_KEY, ...ids).exec();
  const first = letters[0];
  return { read, entries: entries.length, inserted, deadLettered: letters.length, firstError: first && `${first.reason}${first.errorCode ? ` ${first.errorCode}` : ""}: ${first.errorMessage.slice(0, 200)}` };
}

async function readGroup(redis: Redis, consumer: string, count: number, id: string, blockMs?: number): Promise<Entries> {
  const args: (string | number)[] = ["GROUP", USAGE_CONSUMER_GROUP, consumer, "COUNT", count];
  if (blockMs !== undefined) args.push("BLOCK", blockMs);
  args.push("STREAMS", USAGE_STREAM_KEY, id);
  const result = (await (redis.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(...args)) as [string, Entries][] | null;
  return (result?.[0]?.[1] ?? []).filter((e) => e && e[1]);
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
