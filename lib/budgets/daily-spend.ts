// A budget's spend per local calendar day, from the hourly rollups (bounded
// by time, never the raw table). Days are cut in the org's timezone; in
// zones with a half-hour offset an hour straddling midnight is counted in
// the day it starts in (good enough for charts and forecasts; enforcement
// and reconcile use the exact ledger).
import type { DbClient } from "../db/create-db-client";
import { rollupScopeFilter, type BudgetTarget } from "./ledger-spend";

export async function dailySpend(db: DbClient, b: BudgetTarget, timezone: string, from: Date, to: Date): Promise<Map<string, string>> {
  const rows = b.scope === "tag"
    ? await db.$queryRaw<{ day: string; usd: string }[]>`
        SELECT to_char(date_trunc('day', hour AT TIME ZONE ${timezone}), 'YYYY-MM-DD') AS day, sum(cost_usd)::text AS usd
        FROM usage_rollup_tag_hourly WHERE org_id = ${b.orgId} AND tag = ${b.tag} AND hour >= ${from} AND hour < ${to}
        GROUP BY 1 ORDER BY 1`
    : await db.$queryRaw<{ day: string; usd: string }[]>`
        SELECT to_char(date_trunc('day', hour AT TIME ZONE ${timezone}), 'YYYY-MM-DD') AS day, sum(cost_usd)::text AS usd
        FROM usage_rollup_hourly WHERE org_id = ${b.orgId} AND hour >= ${from} AND hour < ${to} ${rollupScopeFilter(b)}
        GROUP BY 1 ORDER BY 1`;
  return new Map(rows.map((r) => [r.day, r.usd]));
}
