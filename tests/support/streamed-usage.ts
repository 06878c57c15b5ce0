// What the usage stream holds, event by event (an entry carries one or more events).
import type { Redis } from "ioredis";
import { USAGE_STREAM_KEY, usageEventsOfEntry } from "../../lib/usage/usage-stream";

/** Every event in the stream, oldest first, parsed. */
export async function streamedUsageEvents(redis: Redis): Promise<{ requestId: string; [field: string]: unknown }[]> {
  const entries = await redis.xrange(USAGE_STREAM_KEY, "-", "+");
  return entries.flatMap(([id, fields]) => usageEventsOfEntry(id, fields).map((e) => JSON.parse(e.raw) as { requestId: string }));
}

/** How many events the stream holds (not entries). */
export async function streamedUsageCount(redis: Redis): Promise<number> {
  return (await streamedUsageEvents(redis)).length;
}
