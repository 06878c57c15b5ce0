// lastUsedAt for API keys and management tokens, off the request path: uses
// are collected in memory (one entry per key, the latest time wins) and
// written in one UPDATE per table every `flushEveryMs`, and on close. A
// request never waits for Postgres; a crash loses at most one interval.
import type { DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";

export const DEFAULT_LAST_USED_FLUSH_MS = 60_000;

const TABLES = { api_key: Prisma.raw("api_key"), management_token: Prisma.raw("management_token") } as const;
export type LastUsedTable = keyof typeof TABLES;

export class LastUsedRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DbClient,
    private readonly table: LastUsedTable,
    private readonly options: { flushEveryMs: number; onError?: (error: Error) => void } = { flushEveryMs: DEFAULT_LAST_USED_FLUSH_MS },
  ) {}

  /** Notes a use; costs a Map write. */
  touch(id: string, at = Date.now()): void {
    const seen = this.pending.get(id);
    if (seen === undefined || at > seen) this.pending.set(id, at);
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), this.options.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes what was collected; never moves a lastUsedAt backwards. Failed writes are kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    const times = ids.map((id) => new Date(batch.get(id)!).toISOString());
    try {
      await this.db.$executeRaw`
        UPDATE ${TABLES[this.table]} AS t SET last_used_at = GREATEST(COALESCE(t.last_used_at, v.at), v.at)
        FROM unnest(${ids}::text[], ${times}::timestamptz[]) AS v(id, at)
        WHERE t.id = v.id`;
    } catch (error) {
      for (const [id, at] of batch) this.touch(id, Math.max(at, this.pending.get(id) ?? 0));
      this.options.onError?.(error as Error);
    }
  }
}

const holder = globalThis as unknown as { tollgateTokenLastUsed?: LastUsedRecorder };

/** The process's recorder for management tokens (the management API runs inside Next, beside the proxy). */
export function getTokenLastUsed(db: DbClient, flushEveryMs = DEFAULT_LAST_USED_FLUSH_MS): LastUsedRecorder {
  holder.tollgateTokenLastUsed ??= new LastUsedRecorder(db, "management_token", { flushEveryMs });
  return holder.tollgateTokenLastUsed;
}

/** Flushes the token recorder if this process has one (called when the web server closes). */
export async function closeTokenLastUsed(): Promise<void> {
  await holder.tollgateTokenLastUsed?.close();
}
