// Keeps the usage events ingest could never store, instead of retrying them
// forever (which blocked every event behind them). Idempotent per stream
// entry: a redelivered entry (its XACK was lost) is not kept twice.
import type { DbClient } from "../db/create-db-client";
import { storableText } from "../db/storable-text";

export interface DeadLetterInput {
  streamId: string;
  /** The entry's field exactly as read from the stream. */
  raw: string;
  reason: "invalid_event" | "storage_rejected";
  errorCode: string | null;
  errorMessage: string;
}

export async function deadLetterUsage(db: DbClient, letters: DeadLetterInput[]): Promise<number> {
  if (letters.length === 0) return 0;
  const { count } = await db.usageDeadLetter.createMany({
    data: letters.map((l) => ({ streamId: l.streamId, ...identify(l.raw), payload: Buffer.from(l.raw, "utf8"), reason: l.reason, errorCode: l.errorCode, errorMessage: storableText(l.errorMessage, 1000) })),
    skipDuplicates: true,
  });
  return count;
}

/** Whatever of the event's identity can be read, so admins can find it and reconcile can account for its org. */
function identify(raw: string): { orgId: string | null; requestId: string | null; attempt: number | null; occurredAt: Date | null } {
  let value: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) value = parsed as Record<string, unknown>;
  } catch {
    // not JSON at all: kept with no identity
  }
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? storableText(v, 200) : null);
  const at = typeof value.occurredAt === "string" ? new Date(value.occurredAt) : null;
  const attempt = value.attempt;
  return {
    orgId: text(value.orgId),
    requestId: text(value.requestId),
    attempt: typeof attempt === "number" && Number.isInteger(attempt) && attempt >= 0 && attempt < 2 ** 31 ? attempt : null,
    occurredAt: at && !Number.isNaN(at.getTime()) && Math.abs(at.getFullYear()) < 10000 ? at : null,
  };
}
