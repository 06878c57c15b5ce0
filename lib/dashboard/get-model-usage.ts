// One model's live traffic: requests, tokens, cost, cost per 1,000 requests,
// average latency and time to first token per day (daily rollups), and
// percentiles over the last 24 hours of raw rows (bounded by time and served
// through the (org, served model, time) index).
import { Prisma } from "../generated/prisma/client";
import type { DbClient } from "../db/create-db-client";
import { dailyRollupWhere, type DashboardScope } from "./dashboard-scope";
import { spendByDimension, type SpendGroup } from "./get-spend-overview";

export interface ModelDay {
  day: string;
  requests: number;
  errors: number;
  costUsd: string;
  inputTokens: string;
  outputTokens: string;
  avgLatencyMs: number | null;
  avgTtftMs: number | null;
}

export interface ModelUsage {
  model: string;
  from: string;
  to: string;
  totals: ModelDay & { costPer1kRequestsUsd: string | null; unpricedRequests: number };
  daily: ModelDay[];
  byProject: SpendGroup[];
  byKey: SpendGroup[];
  last24h: { requests: number; latencyP50Ms: number | null; latencyP95Ms: number | null; ttftP50Ms: number | null; ttftP95Ms: number | null };
}

interface DayRow { day: string; requests: bigint; errors: bigint; unpriced: bigint; cost: string; input: bigint; output: bigint; latency: number | null; ttft: number | null; per1k: string | null }

function toDay(r: DayRow): ModelDay {
  return {
    day: r.day, requests: Number(r.requests), errors: Number(r.errors), costUsd: r.cost, inputTokens: r.input.toString(), outputTokens: r.output.toString(),
    avgLatencyMs: r.latency === null ? null : Math.round(Number(r.latency)), avgTtftMs: r.ttft === null ? null : Math.round(Number(r.ttft)),
  };
}

export async function getModelUsage(db: DbClient, baseScope: DashboardScope, model: string, now = new Date()): Promise<ModelUsage> {
  // Latency sums live in the untagged rollup only, so a tag filter does not apply here.
  const scope: DashboardScope = { ...baseScope, filter: { ...baseScope.filter, model, tag: undefined } };
  const { table, where } = dailyRollupWhere(scope, scope.from, scope.to);
  const columns = Prisma.sql`sum(requests) AS requests, sum(error_requests) AS errors,
    sum(unpriced_requests) AS unpriced, sum(cost_usd)::text AS cost, sum(input_tokens) AS input, sum(output_tokens) AS output,
    sum(latency_ms_sum)::float8 / nullif(sum(requests), 0) AS latency, sum(ttft_ms_sum)::float8 / nullif(sum(ttft_count), 0) AS ttft,
    round(sum(cost_usd) * 1000 / nullif(sum(requests) - sum(unpriced_requests), 0), 6)::text AS per1k`;
  const since = new Date(now.getTime() - 24 * 3600_000);
  const projectFilter = scope.filter.project
    ? Prisma.sql`AND project_id = ${scope.filter.project}`
    : scope.visibleProjectIds ? Prisma.sql`AND project_id = ANY(${scope.visibleProjectIds}::text[])` : Prisma.empty;
  const [daily, [total], byProject, byKey, [recent]] = await Promise.all([
    db.$queryRaw<DayRow[]>`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${columns} FROM ${table} r WHERE ${where} GROUP BY day ORDER BY day`,
    db.$queryRaw<DayRow[]>`SELECT '' AS day, ${columns} FROM ${table} r WHERE ${where}`,
    spendByDimension(db, scope, "project"),
    spendByDimension(db, scope, "key"),
    db.$queryRaw<{ n: bigint; l50: number | null; l95: number | null; t50: number | null; t95: number | null }[]>`
      SELECT count(*) AS n,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS l50, percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS l95,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS t50, percentile_disc(0.95) WITHIN GROUP (ORDER BY ttft_ms) AS t95
      FROM usage_event WHERE org_id = ${scope.orgId} AND served_model = ${model} AND occurred_at > ${since} AND occurred_at <= ${now} ${projectFilter}`,
  ]);
  const t = total!;
  return {
    model, from: scope.from, to: scope.to,
    totals: { ...toDay({ ...t, cost: t.cost ?? "0", requests: t.requests ?? 0n, errors: t.errors ?? 0n, input: t.input ?? 0n, output: t.output ?? 0n }), costPer1kRequestsUsd: t.per1k, unpricedRequests: Number(t.unpriced ?? 0) },
    daily: daily.map(toDay),
    byProject,
    byKey,
    last24h: { requests: Number(recent?.n ?? 0), latencyP50Ms: recent?.l50 ?? null, latencyP95Ms: recent?.l95 ?? null, ttftP50Ms: recent?.t50 ?? null, ttftP95Ms: recent?.t95 ?? null },
  };
}
