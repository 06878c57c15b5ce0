// Re-runs an org's open dead letters through today's event schema and
// ingest statement, after the fix that makes them storable has shipped.
// Idempotent: an event that already reached the ledger counts as replayed
// (the insert is a no-op), and one that still fails stays open with its
// new error and a higher failure count.
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { storableText } from "../db/storable-text";
import { storeIsolatingPoison } from "./store-isolating-poison";
import { readUsageEvent } from "./read-usage-event";
import type { UsageEvent } from "./usage-event-schema";

const MAX_PER_CALL = 1000;

export interface ReplayResult {
  replayed: number;
  stillFailing: number;
  /** Open dead letters left for the org (beyond this call's batch too). */
  open: number;
}

export async function replayDeadLetters(db: DbClient, principal: Pick<Principal, "orgId" | "actor">, requestId?: string): Promise<ReplayResult> {
  const letters = await db.usageDeadLetter.findMany({
    where: { orgId: principal.orgId, replayedAt: null },
    orderBy: { id: "asc" },
    take: MAX_PER_CALL,
    select: { id: true, payload: true },
  });
  const valid: { id: bigint; event: UsageEvent }[] = [];
  const failed: { id: bigint; code: string | null; message: string }[] = [];
  for (const l of letters) {
    const parsed = readUsageEvent(parseJson(Buffer.from(l.payload).toString("utf8")));
    // A replay may never move usage into another org: the payload must still name the org it is filed under.
    if (parsed.success && parsed.data.orgId === principal.orgId) valid.push({ id: l.id, event: parsed.data });
    else failed.push({ id: l.id, code: null, message: parsed.success ? "orgId: does not match the dead letter's org" : parsed.issues });
  }
  const { rejected } = await storeIsolatingPoison(db, valid);
  for (const r of rejected) failed.push({ id: r.item.id, code: r.error.code, message: r.error.message });
  const failedIds = new Set(failed.map((f) => f.id));
  const replayedIds = letters.map((l) => l.id).filter((id) => !failedIds.has(id));
  const now = new Date();
  await db.$transaction(async (tx) => {
    if (replayedIds.length) await tx.usageDeadLetter.updateMany({ where: { id: { in: replayedIds } }, data: { replayedAt: now, lastTriedAt: now } });
    for (const f of failed) {
      await tx.usageDeadLetter.update({ where: { id: f.id }, data: { failures: { increment: 1 }, lastTriedAt: now, errorCode: f.code, errorMessage: storableText(f.message, 1000) } });
    }
    if (letters.length) await recordAudit(tx, principal, { action: "usage.dead_letters.replay", entityType: "usage_dead_letter", after: { replayed: replayedIds.length, stillFailing: failed.length }, requestId });
  });
  const open = await db.usageDeadLetter.count({ where: { orgId: principal.orgId, replayedAt: null } });
  return { replayed: replayedIds.length, stillFailing: failed.length, open };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
