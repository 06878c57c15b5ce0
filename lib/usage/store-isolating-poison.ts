// Stores a batch so that one event Postgres can never accept cannot hold up
// the others: a batch that fails with a permanent data error is split in
// halves, recursively, until each bad event stands alone; every other event
// lands. A transient error (Postgres down) is thrown, and the whole batch is
// retried later as before. Each store is one statement, so a failed half
// leaves nothing behind; an isolated event costs about log2(batch) extra
// statements.
import type { DbClient } from "../db/create-db-client";
import { permanentStorageError, type PermanentStorageError } from "./classify-storage-error";
import { storeUsageEvents } from "./record-usage-batch";
import type { UsageEvent } from "./usage-event-schema";

export interface RejectedEvent<T> {
  item: T;
  error: PermanentStorageError;
}

export async function storeIsolatingPoison<T extends { event: UsageEvent }>(
  db: DbClient,
  items: T[],
): Promise<{ inserted: number; rejected: RejectedEvent<T>[] }> {
  if (items.length === 0) return { inserted: 0, rejected: [] };
  try {
    const { inserted } = await storeUsageEvents(db, items.map((i) => i.event));
    return { inserted, rejected: [] };
  } catch (error) {
    const permanent = permanentStorageError(error);
    if (!permanent) throw error;
    if (items.length === 1) return { inserted: 0, rejected: [{ item: items[0]!, error: permanent }] };
    const middle = Math.ceil(items.length / 2);
    const left = await storeIsolatingPoison(db, items.slice(0, middle));
    const right = await storeIsolatingPoison(db, items.slice(middle));
    return { inserted: left.inserted + right.inserted, rejected: [...left.rejected, ...right.rejected] };
  }
}
