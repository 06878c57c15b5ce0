// The worker's periodic pass: correct the Redis counters from the ledger,
// then evaluate every enabled budget's alerts and scan every org with
// recent spend for anomalies.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import type { Logger } from "../log/logger";
import { scanSpendAnomalies, type AnomalyOptions } from "../alerts/scan-spend-anomalies";
import { evaluateBudgetAlerts } from "./evaluate-budget-alerts";
import { reconcileBudgetCounters } from "./reconcile-budget-counters";

export async function runBudgetMonitor(db: DbClient, redis: Redis, log: Logger, now: Date, anomalies: AnomalyOptions) {
  const reconciled = await reconcileBudgetCounters(db, redis, now);
  for (const r of reconciled) {
    if (r.correctionNano === 0n) continue;
    const fields = { budgetId: r.budgetId, ledgerNano: String(r.ledgerNano), counterNano: String(r.counterNano), correctionNano: String(r.correctionNano) };
    // A missing counter is expected (first run, a Redis without persistence); a wrong one is drift worth a warning.
    if (r.rebuilt) log.info(fields, "budget counter rebuilt from the ledger");
    else log.warn(fields, "budget counter corrected from the ledger");
  }
  let alerts = 0;
  for (const b of reconciled) alerts += (await evaluateBudgetAlerts(db, redis, b.budgetId, now)).length;
  const orgs = await db.$queryRaw<{ org_id: string }[]>`
    SELECT DISTINCT org_id FROM usage_rollup_hourly WHERE hour >= ${new Date(now.getTime() - 2 * 24 * 3600_000)}`;
  for (const { org_id } of orgs) alerts += (await scanSpendAnomalies(db, redis, org_id, now, anomalies)).length;
  return { budgets: reconciled.length, corrected: reconciled.filter((r) => r.correctionNano !== 0n).length, alerts };
}
