// Rebuilds and corrects the Redis budget counters from the Postgres ledger
// (run every minute by the worker). A counter below the ledger lost spend
// (Redis restarted, or a settle failed while it was unreachable): it is
// raised at once. A counter above the ledger may just be ahead of ingest,
// so it is lowered only when the same gap is seen twice in a row with
// nothing new on either side. Corrections use HINCRBY, so settles landing
// meanwhile are never overwritten. Errors lean toward refusing, never
// toward overspending.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { budgetCounterKey } from "../limits/limit-keys";
import { periodWindow } from "./budget-period";
import { ledgerSpendNano } from "./ledger-spend";

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

export async function reconcileBudgetCounters(db: DbClient, redis: Redis, now: Date, onlyOrgId?: string): Promise<ReconcileResult[]> {
  const budgets = await db.budget.findMany({
    where: { enabled: true, ...(onlyOrgId ? { orgId: onlyOrgId } : {}) },
    select: { id: true, orgId: true, scope: true, projectId: true, apiKeyId: true, tag: true, period: true, org: { select: { timezone: true } } },
  });
  const results: ReconcileResult[] = [];
  for (const b of budgets) {
    const window = periodWindow(b.period, b.org.timezone, now);
    const key = budgetCounterKey(b.orgId, b.id, window.start.getTime());
    const ledgerNano = await ledgerSpendNano(db, b, window.start, window.end);
    const [spent, lastSeen] = await redis.hmget(key, "spent", "reconcile");
    const counterNano = BigInt(spent ?? "0");
    const seen = `${ledgerNano}:${counterNano}`;
    let correctionNano = 0n;
    if (counterNano < ledgerNano || (counterNano > ledgerNano && lastSeen === seen)) correctionNano = ledgerNano - counterNano;
    const tx = redis.multi();
    if (correctionNano !== 0n) tx.hincrby(key, "spent", correctionNano.toString());
    tx.hset(key, "reconcile", correctionNano === 0n ? seen : `${ledgerNano}:${ledgerNano}`);
    tx.pexpireat(key, window.end.getTime() + KEEP_AFTER_PERIOD_MS);
    await tx.exec();
    results.push({ budgetId: b.id, periodStart: window.start, ledgerNano, counterNano, correctionNano, rebuilt: spent === null });
  }
  return results;
}
