// A budget's spend per local calendar day, from the daily rollups (kept per
// org-local day, so the days are exact in any timezone; bounded by time,
// never the raw table). Used for charts and forecasts; enforcement and
// reconcile use the ledger.
import type { DbClient } from "../db/create-db-client";
import { rollupScopeFilter, type BudgetTarget } from "./ledger-spend";

export async function dailySpend(db: DbClient, b: BudgetTarget, timezone: string, from: Date, to: Date): Promise<Map<string, string>> {
  const rows = b.scope === "tag"
    ? await db.$queryRaw<{ day: string; usd: string }[]>`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(cost_usd)::text AS usd
        FROM usage_rollup_tag_daily WHERE org_id = ${b.orgId} AND tag = ${b.tag}
          AND day >= (${from}::timestamptz AT TIME ZONE ${timezone})::date AND day <= (${to}::timestamptz AT TIME ZONE ${timezone})::date
        GROUP BY 1 ORDER BY 1`
    : await db.$queryRaw<{ day: string; usd: string }[]>`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(cost_usd)::text AS usd
        FROM usage_rollup_daily WHERE org_id = ${b.orgId}
          AND day >= (${from}::timestamptz AT TIME ZONE ${timezone})::date AND day <= (${to}::timestamptz AT TIME ZONE ${timezone})::date ${rollupScopeFilter(b)}
        GROUP BY 1 ORDER BY 1`;
  return new Map(rows.map((r) => [r.day, r.usd]));
}
