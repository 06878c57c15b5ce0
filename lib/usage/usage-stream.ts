// The durable queue between the proxy and Postgres: a Redis stream read by a
// consumer group. The proxy only appends (XADD); the worker reads batches,
// writes them with recordUsageBatch and acknowledges them after the commit.
// An unacknowledged batch (worker killed, Postgres down) is read again, and
// recordUsageBatch's idempotency makes the second write a no-op.
//
// An entry carries several events (field "b", one JSON text per line): one
// XADD per batch instead of per event costs the proxy, Redis and the worker
// a fraction per event. Entries with one event in field "e" (written before
// batching, or by hand) are read as well.
export const USAGE_STREAM_KEY = "tollgate:usage:events";
export const USAGE_CONSUMER_GROUP = "usage-ingest";

export const USAGE_BATCH_FIELD = "b";
export const USAGE_EVENT_FIELD = "e";
/** Bounds an entry, so what the worker reads per XREADGROUP stays bounded too. */
export const MAX_EVENTS_PER_ENTRY = 32;
export const MAX_ENTRY_CHARS = 64 * 1024;

/** Groups event lines (JSON texts, which never hold a raw newline) into entry values, in order. */
export function packUsageEntries(lines: readonly string[]): string[] {
  const entries: string[] = [];
  let start = 0;
  let chars = 0;
  for (let i = 0; i < lines.length; i++) {
    const size = lines[i]!.length + 1;
    if (i > start && (i - start >= MAX_EVENTS_PER_ENTRY || chars + size > MAX_ENTRY_CHARS)) {
      entries.push(lines.slice(start, i).join("\n"));
      start = i;
      chars = 0;
    }
    chars += size;
  }
  if (start < lines.length) entries.push(lines.slice(start).join("\n"));
  return entries;
}

export interface StreamedUsageEvent {
  /** Unique per event: the entry's id, with `#<index>` for an event of a batch entry (dead letters are kept by it). */
  id: string;
  /** The event's JSON text as written. */
  raw: string;
}

/** The events of one stream entry (its fields as XREADGROUP returns them); an entry without either field yields one empty event, which is dead-lettered as invalid. */
export function usageEventsOfEntry(streamId: string, fields: readonly string[]): StreamedUsageEvent[] {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === USAGE_BATCH_FIELD) return fields[i + 1]!.split("\n").map((raw, n) => ({ id: `${streamId}#${n}`, raw }));
    if (fields[i] === USAGE_EVENT_FIELD) return [{ id: streamId, raw: fields[i + 1]! }];
  }
  return [{ id: streamId, raw: "" }];
}
