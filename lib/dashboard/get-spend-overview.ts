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
  previousTotals: Pick<SpendTotals, "costUsd" | "requests">;
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

// One scan of the daily rollup for the current and previous period, in two
// levels: the scan sums its rows once per (tier, project, model, key) and once
// per (day, tier); the per-tier, per-project, per-model, per-key and total
// rows are then summed from the first, which holds a few hundred rows instead
// of the scan's tens of thousands. Summing every way at once in the scan
// (GROUPING SETS of six) cost about a fifth more time in Postgres on the
// 10M-event data set (BENCHMARKS.md, bench:dashboard). Sums are associative,
// so the figures are the same. `bits` is GROUPING(tier, project, model, key,
// day): a 1 bit is a column not grouped by.
const SET_OF_BITS: Record<number, Dimension | "dayTier" | "total"> = { 0b01111: "tier", 0b10111: "project", 0b11011: "model", 0b11101: "key", 0b01110: "dayTier", 0b11111: "total" };

interface CubeRow {
  bits: number; tier: string | null; project_id: string | null; model: string | null; api_key_id: string | null; day: string | null;
  project_name: string | null; key_label: string | null;
  cost: string; prev: string; change: string; requests: bigint; prev_requests: bigint; unpriced: bigint; estimated: bigint; input: bigint; cached: bigint; output: bigint;
}

async function spendCube(db: DbClient, scope: DashboardScope): Promise<CubeRow[]> {
  const { table, where } = dailyRollupWhere(scope, scope.previousFrom, scope.to);
  const cur = Prisma.sql`FILTER (WHERE r.day >= ${scope.from}::date)`;
  const prev = Prisma.sql`FILTER (WHERE r.day < ${scope.from}::date)`;
  return db.$queryRaw<CubeRow[]>`
    WITH base AS (
      SELECT GROUPING(r.day)::int AS no_day, r.tier, r.project_id, r.model, r.api_key_id, r.day,
        coalesce(sum(r.cost_usd) ${cur}, 0) AS cost, coalesce(sum(r.cost_usd) ${prev}, 0) AS prev,
        coalesce(sum(r.requests) ${cur}, 0) AS requests, coalesce(sum(r.requests) ${prev}, 0) AS prev_requests,
        coalesce(sum(r.unpriced_requests) ${cur}, 0) AS unpriced, coalesce(sum(r.estimated_requests) ${cur}, 0) AS estimated,
        coalesce(sum(r.input_tokens) ${cur}, 0) AS input, coalesce(sum(r.cached_input_tokens) ${cur}, 0) AS cached, coalesce(sum(r.output_tokens) ${cur}, 0) AS output
      FROM ${table} r WHERE ${where}
      GROUP BY GROUPING SETS ((r.tier, r.project_id, r.model, r.api_key_id), (r.day, r.tier))
    ), cube AS (
      SELECT GROUPING(b.tier, b.project_id, b.model, b.api_key_id)::int * 2 + 1 AS bits, b.tier, b.project_id, b.model, b.api_key_id, NULL::text AS day,
        sum(b.cost) AS cost, sum(b.prev) AS prev, sum(b.requests) AS requests, sum(b.prev_requests) AS prev_requests, sum(b.unpriced) AS unpriced,
        sum(b.estimated) AS estimated, sum(b.input) AS input, sum(b.cached) AS cached, sum(b.output) AS output
      FROM base b WHERE b.no_day = 1
      GROUP BY GROUPING SETS ((b.tier), (b.project_id), (b.model), (b.api_key_id), ())
      UNION ALL
      SELECT ${Prisma.raw(String(0b01110))}, b.tier, NULL, NULL, NULL, to_char(b.day, 'YYYY-MM-DD'), b.cost, b.prev, b.requests, b.prev_requests, b.unpriced, b.estimated, b.input, b.cached, b.output
      FROM base b WHERE b.no_day = 0
    )
    SELECT c.bits, c.tier, c.project_id, c.model, c.api_key_id, c.day, p.name AS project_name,
      CASE WHEN c.api_key_id = '' THEN '(no key)' ELSE k.name || ' (' || k.prefix || '…)' END AS key_label,
      c.cost::text AS cost, c.prev::text AS prev, (c.cost - c.prev)::text AS change, c.requests::bigint AS requests, c.prev_requests::bigint AS prev_requests,
      c.unpriced::bigint AS unpriced, c.estimated::bigint AS estimated, c.input::bigint AS input, c.cached::bigint AS cached, c.output::bigint AS output
    FROM cube c
    LEFT JOIN project p ON p.id = c.project_id
    LEFT JOIN api_key k ON k.id = c.api_key_id`;
}

function toGroup(r: CubeRow, id: string, label: string): SpendGroup {
  return {
    id, label, costUsd: r.cost, previousCostUsd: r.prev, changeUsd: r.change, requests: Number(r.requests), unpricedRequests: Number(r.unpriced),
    inputTokens: r.input.toString(), outputTokens: r.output.toString(),
  };
}

const byCost = (a: SpendGroup, b: SpendGroup) => new Decimal(b.costUsd).comparedTo(new Decimal(a.costUsd)) || b.requests - a.requests || a.id.localeCompare(b.id);

export async function getSpendOverview(db: DbClient, scope: DashboardScope): Promise<SpendOverview> {
  const [cube, byTag] = await Promise.all([spendCube(db, scope), spendByDimension(db, scope, "tag")]);
  const groups: Record<Dimension, SpendGroup[]> = { tier: [], project: [], model: [], key: [], tag: byTag };
  const dailyByTier: SpendOverview["dailyByTier"] = [];
  let total: CubeRow | undefined;
  for (const r of cube) {
    const set = SET_OF_BITS[r.bits];
    if (set === "total") total = r;
    else if (set === "dayTier") {
      if (r.day! >= scope.from && r.requests > 0n) dailyByTier.push({ day: r.day!, tier: r.tier!, costUsd: r.cost });
    } else if (set === "tier") groups.tier.push(toGroup(r, r.tier!, r.tier!));
    else if (set === "project") groups.project.push(toGroup(r, r.project_id!, r.project_name ?? r.project_id!));
    else if (set === "model") groups.model.push(toGroup(r, r.model!, r.model!));
    else if (set === "key") groups.key.push(toGroup(r, r.api_key_id!, r.key_label ?? r.api_key_id!));
  }
  for (const list of [groups.tier, groups.project, groups.model, groups.key]) list.sort(byCost);
  dailyByTier.sort((a, b) => a.day.localeCompare(b.day) || a.tier.localeCompare(b.tier));
  return {
    topMovers: topMovers([...groups.project.map((g) => ({ ...g, dimension: "project" as const })), ...groups.model.map((g) => ({ ...g, dimension: "model" as const }))]),
    from: scope.from, to: scope.to, previousFrom: scope.previousFrom, previousTo: scope.previousTo, timezone: scope.timezone,
    totals: {
      costUsd: total?.cost ?? "0", requests: Number(total?.requests ?? 0), unpricedRequests: Number(total?.unpriced ?? 0), estimatedRequests: Number(total?.estimated ?? 0),
      inputTokens: (total?.input ?? 0n).toString(), cachedInputTokens: (total?.cached ?? 0n).toString(), outputTokens: (total?.output ?? 0n).toString(),
    },
    previousTotals: { costUsd: total?.prev ?? "0", requests: Number(total?.prev_requests ?? 0) },
    dailyByTier, byTier: groups.tier, byProject: groups.project, byModel: groups.model, byKey: groups.key, byTag: groups.tag,
  };
}

function topMovers<T extends SpendGroup>(groups: T[], count = 6): T[] {
  return groups
    .filter((g) => !new Decimal(g.changeUsd).isZero())
    .sort((a, b) => new Decimal(b.changeUsd).abs().comparedTo(new Decimal(a.changeUsd).abs()))
    .slice(0, count);
}
