// The overview: totals, spend per day by tier, and spend by project, model,
// key and tag, each with the previous period of equal length beside it (for
// top movers). Reads the daily rollups only, so its cost is bounded by the
// number of days and dimensions, not by the number of requests.
// Money leaves here as decimal strings.
import Decimal from "decimal.js";
import { Prisma } from "../generated/prisma/client";
import type { DbClient } from "../db/create-db-client";
import { dailyRollupWhere, type DashboardScope } from "./dashboard-scope";

export interface SpendTotals {
  costUsd: string;
  requests: number;
  unpricedRequests: number;
  estimatedRequests: number;
  inputTokens: string;
  cachedInputTokens: string;
  outputTokens: string;
}

export interface SpendGroup {
  id: string;
  label: string;
  costUsd: string;
  previousCostUsd: string;
  changeUsd: string;
  requests: number;
  unpricedRequests: number;
  inputTokens: string;
  outputTokens: string;
}

export interface SpendOverview {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  timezone: string;
  totals: SpendTotals;
  previousTotals: SpendTotals;
  dailyByTier: { day: string; tier: string; costUsd: string }[];
  byTier: SpendGroup[];
  byProject: SpendGroup[];
  byModel: SpendGroup[];
  byKey: SpendGroup[];
  byTag: SpendGroup[];
  /** Projects and models whose spend changed most against the previous period, up or down. */
  topMovers: (SpendGroup & { dimension: "project" | "model" })[];
}

type Dimension = "tier" | "project" | "model" | "key" | "tag";

// Label columns join the names in; a deleted key or project still shows its id.
const GROUPING: Record<Dimension, { id: Prisma.Sql; label: Prisma.Sql; join: Prisma.Sql }> = {
  tier: { id: Prisma.sql`r.tier`, label: Prisma.sql`r.tier`, join: Prisma.empty },
  project: { id: Prisma.sql`r.project_id`, label: Prisma.sql`coalesce(p.name, r.project_id)`, join: Prisma.sql`LEFT JOIN project p ON p.id = r.project_id` },
  model: { id: Prisma.sql`r.model`, label: Prisma.sql`r.model`, join: Prisma.empty },
  key: {
    id: Prisma.sql`r.api_key_id`,
    label: Prisma.sql`CASE WHEN r.api_key_id = '' THEN '(no key)' ELSE coalesce(k.name || ' (' || k.prefix || '…)', r.api_key_id) END`,
    join: Prisma.sql`LEFT JOIN api_key k ON k.id = r.api_key_id`,
  },
  tag: { id: Prisma.sql`r.tag`, label: Prisma.sql`r.tag`, join: Prisma.empty },
};

/** Spend grouped by one dimension over the scope's period and the one before. */
export async function spendByDimension(db: DbClient, scope: DashboardScope, dimension: Dimension, limit = 100): Promise<SpendGroup[]> {
  const g = GROUPING[dimension];
  const { table, where } = dailyRollupWhere(scope, scope.previousFrom, scope.to, { forTags: dimension === "tag" });
  const rows = await db.$queryRaw<{ id: string; label: string; cost: string; prev: string; change: string; requests: bigint; unpriced: bigint; input: bigint; output: bigint }[]>`
    WITH grouped AS (
      SELECT ${g.id} AS id, min(${g.label}) AS label,
        coalesce(sum(r.cost_usd) FILTER (WHERE r.day >= ${scope.from}::date), 0) AS cost,
        coalesce(sum(r.cost_usd) FILTER (WHERE r.day < ${scope.from}::date), 0) AS prev,
        coalesce(sum(r.requests) FILTER (WHERE r.day >= ${scope.from}::date), 0) AS requests,
        coalesce(sum(r.unpriced_requests) FILTER (WHERE r.day >= ${scope.from}::date), 0) AS unpriced,
        coalesce(sum(r.input_tokens) FILTER (WHERE r.day >= ${scope.from}::date), 0) AS input,
        coalesce(sum(r.output_tokens) FILTER (WHERE r.day >= ${scope.from}::date), 0) AS output
      FROM ${table} r ${g.join}
      WHERE ${where}
      GROUP BY 1
    )
    SELECT id, label, cost::text AS cost, prev::text AS prev, (cost - prev)::text AS change, requests, unpriced, input, output
    FROM grouped ORDER BY cost DESC, requests DESC, id LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    costUsd: r.cost,
    previousCostUsd: r.prev,
    changeUsd: r.change,
    requests: Number(r.requests),
    unpricedRequests: Number(r.unpriced),
    inputTokens: r.input.toString(),
    outputTokens: r.output.toString(),
  }));
}

async function spendTotals(db: DbClient, scope: DashboardScope, from: string, to: string): Promise<SpendTotals> {
  const { table, where } = dailyRollupWhere(scope, from, to);
  const [row] = await db.$queryRaw<{ cost: string | null; requests: bigint | null; unpriced: bigint | null; estimated: bigint | null; input: bigint | null; cached: bigint | null; output: bigint | null }[]>`
    SELECT sum(cost_usd)::text AS cost, sum(requests) AS requests, sum(unpriced_requests) AS unpriced, sum(estimated_requests) AS estimated,
      sum(input_tokens) AS input, sum(cached_input_tokens) AS cached, sum(output_tokens) AS output
    FROM ${table} r WHERE ${where}`;
  return {
    costUsd: row?.cost ?? "0",
    requests: Number(row?.requests ?? 0),
    unpricedRequests: Number(row?.unpriced ?? 0),
    estimatedRequests: Number(row?.estimated ?? 0),
    inputTokens: (row?.input ?? 0n).toString(),
    cachedInputTokens: (row?.cached ?? 0n).toString(),
    outputTokens: (row?.output ?? 0n).toString(),
  };
}

async function dailyByTier(db: DbClient, scope: DashboardScope) {
  const { table, where } = dailyRollupWhere(scope, scope.from, scope.to);
  const rows = await db.$queryRaw<{ day: string; tier: string; cost: string }[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, tier, sum(cost_usd)::text AS cost FROM ${table} r WHERE ${where} GROUP BY day, tier ORDER BY day, tier`;
  return rows.map((r) => ({ day: r.day, tier: r.tier, costUsd: r.cost }));
}

export async function getSpendOverview(db: DbClient, scope: DashboardScope): Promise<SpendOverview> {
  const [totals, previousTotals, daily, byTier, byProject, byModel, byKey, byTag] = await Promise.all([
    spendTotals(db, scope, scope.from, scope.to),
    spendTotals(db, scope, scope.previousFrom, scope.previousTo),
    dailyByTier(db, scope),
    spendByDimension(db, scope, "tier"),
    spendByDimension(db, scope, "project"),
    spendByDimension(db, scope, "model"),
    spendByDimension(db, scope, "key"),
    spendByDimension(db, scope, "tag"),
  ]);
  return {
    topMovers: topMovers([...byProject.map((g) => ({ ...g, dimension: "project" as const })), ...byModel.map((g) => ({ ...g, dimension: "model" as const }))]),
    from: scope.from, to: scope.to, previousFrom: scope.previousFrom, previousTo: scope.previousTo, timezone: scope.timezone,
    totals, previousTotals, dailyByTier: daily, byTier, byProject, byModel, byKey, byTag,
  };
}

function topMovers<T extends SpendGroup>(groups: T[], count = 6): T[] {
  return groups
    .filter((g) => !new Decimal(g.changeUsd).isZero())
    .sort((a, b) => new Decimal(b.changeUsd).abs().comparedTo(new Decimal(a.changeUsd).abs()))
    .slice(0, count);
}
