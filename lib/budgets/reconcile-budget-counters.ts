// Rebuilds and corrects the Redis budget counters from the Postgres ledger
// (run every minute by the worker). A counter below the ledger lost spend
// (Redis restarted, or a settle failed while it was unreachable): it is
// raised at once. A counter above the ledger may just be ahead of ingest,
// so it is lowered only when the same gap is seen twice in a row with
// nothing new on either side AND the ledger is known to be complete up to
// the first of those observations (no usage event that old still waiting in
// the stream, no open dead letter for the org in the period). A stalled
// ingest therefore never lowers a counter. Corrections use HINCRBY, so
// settles landing meanwhile are never overwritten. Errors lean toward
// refusing, never toward overspending.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { budgetCounterKey } from "../limits/limit-keys";
import { periodWindow } from "./budget-period";
import { ledgerSpendNano } from "./ledger-spend";
import { oldestUnstoredUsageMs, openDeadLetterCount } from "../usage/ingest-caught-up";

export interface ReconcileResult {
  budgetId: string;
  periodStart: Date;
  ledgerNano: bigint;
  counterNano: bigint;
  correctionNano: bigint;
  /** The counter did not exist (a new period, or Redis lost it) and was built from the ledger. */
  rebuilt: boolean;
}

const KEEP_AFTER_PERIOD_MS = 7 * 24 * 3600 * 1000;
// An event is appended to the stream right after its settle; this covers that gap generously.
const EMIT_AFTER_SETTLE_MS = 5_000;

/** The counter can be lowered to the ledger: the gap was seen before, at `seenAtMs`, and every event emitted by then is in the ledger. */
export function mayLowerCounter(input: { sameGapSeenAtMs: number | null; oldestUnstoredMs: number | null; openDeadLetters: number }): boolean {
  if (input.sameGapSeenAtMs === null || input.openDeadLetters > 0) return false;
  return input.oldestUnstoredMs === null || input.oldestUnstoredMs > input.sameGapSeenAtMs + EMIT_AFTER_SETTLE_MS;
}

export async function reconcileBudgetCounters(db: DbClient, redis: Redis, now: Date, onlyOrgId?: string): Promise<ReconcileResult[]> {
  const budgets = await db.budget.findMany({
    where: { enabled: true, ...(onlyOrgId ? { orgId: onlyOrgId } : {}) },
    select: { id: true, orgId: true, scope: true, projectId: true, apiKeyId: true, tag: true, period: true, org: { select: { timezone: true } } },
  });
  const results: ReconcileResult[] = [];
  // Read before any ledger: an event stored after this read is in the ledger reads that follow.
  const oldestUnstoredMs = await oldestUnstoredUsageMs(redis);
  for (const b of budgets) {
    const window = periodWindow(b.period, b.org.timezone, now);
    const key = budgetCounterKey(b.orgId, b.id, window.start.getTime());
    const ledgerNano = await ledgerSpendNano(db, b, window.start, window.end);
    const [spent, lastSeen] = await redis.hmget(key, "spent", "reconcile");
    const counterNano = BigInt(spent ?? "0");
    const seen = `${ledgerNano}:${counterNano}`;
    // "ledger:counter@ms": the gap and when it was first seen.
    const [lastGap, lastAt] = (lastSeen ?? "").split("@");
    const sameGapSeenAtMs = lastGap === seen && lastAt ? Number(lastAt) : null;
    let correctionNano = 0n;
    if (counterNano < ledgerNano) correctionNano = ledgerNano - counterNano;
    else if (counterNano > ledgerNano && sameGapSeenAtMs !== null) {
      const openDeadLetters = await openDeadLetterCount(db, b.orgId, window.start);
      if (mayLowerCounter({ sameGapSeenAtMs, oldestUnstoredMs, openDeadLetters })) correctionNano = ledgerNano - counterNano;
    }
    const tx = redis.multi();
    if (correctionNano !== 0n) tx.hincrby(key, "spent", correctionNano.toString());
    // Keep the first time this gap was seen while it persists, so a long stall cannot make it look fresh-and-complete.
    tx.hset(key, "reconcile", correctionNano === 0n ? `${seen}@${sameGapSeenAtMs ?? now.getTime()}` : `${ledgerNano}:${ledgerNano}@${now.getTime()}`);
    tx.pexpireat(key, window.end.getTime() + KEEP_AFTER_PERIOD_MS);
    await tx.exec();
    results.push({ budgetId: b.id, periodStart: window.start, ledgerNano, counterNano, correctionNano, rebuilt: spent === null });
  }
  return results;
}
