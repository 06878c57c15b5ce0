// The worker side of the usage stream: read a batch for this consumer (its
// own unacknowledged entries first, then new ones, then entries stuck with
// dead consumers), store it, acknowledge and delete it. Throws on storage
// failure so the caller backs off; nothing is acknowledged unless committed.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { storeUsageEvents } from "./record-usage-batch";
import { usageEventSchema, type UsageEvent } from "./usage-event-schema";
import { USAGE_CONSUMER_GROUP, USAGE_STREAM_KEY } from "./usage-stream";

type Entries = [id: string, fields: string[]][];

export async function ensureUsageConsumerGroup(redis: Redis): Promise<void> {
  try {
    await redis.xgroup("CREATE", USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP, "0", "MKSTREAM");
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("BUSYGROUP")) throw error;
  }
}

export interface DrainResult {
  read: number;
  inserted: number;
  invalid: number;
}

export async function drainUsageStreamOnce(
  redis: Redis,
  db: DbClient,
  options: { consumer: string; batchSize: number; blockMs: number; claimIdleMs: number },
): Promise<DrainResult> {
  // 1. Our own pending entries (a previous attempt failed before XACK).
  let entries = await readGroup(redis, options.consumer, options.batchSize, "0");
  // 2. Entries a dead consumer left unacknowledged.
  if (entries.length === 0) {
    const claimed = (await redis.xautoclaim(USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP, options.consumer, options.claimIdleMs, "0-0", "COUNT", options.batchSize)) as [string, Entries];
    entries = (claimed[1] ?? []).filter((e) => e && e[1]);
  }
  // 3. New entries.
  if (entries.length === 0) entries = await readGroup(redis, options.consumer, options.batchSize, ">", options.blockMs);
  if (entries.length === 0) return { read: 0, inserted: 0, invalid: 0 };

  const events: UsageEvent[] = [];
  let invalid = 0;
  for (const [, fields] of entries) {
    const parsed = usageEventSchema.safeParse(safeJson(fields[fields.indexOf("e") + 1]));
    if (parsed.success) events.push(parsed.data);
    else invalid++; // can never succeed: acknowledged below, counted in the result
  }
  const { inserted } = await storeUsageEvents(db, events);
  const ids = entries.map(([id]) => id);
  await redis.multi().xack(USAGE_STREAM_KEY, USAGE_CONSUMER_GROUP, ...ids).xdel(USAGE_STREAM_KEY, ...ids).exec();
  return { read: entries.length, inserted, invalid };
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
