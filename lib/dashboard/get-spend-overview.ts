// The first dashboard: reads the hourly rollups only, bounded by time.
// Money leaves here as decimal strings.
import type { DbClient } from "../db/create-db-client";

export interface SpendOverview {
  rangeStart: string;
  rangeEnd: string;
  monthToDate: { costUsd: string; requests: number; unpricedRequests: number; estimatedRequests: number };
  dailyByTier: { day: string; tier: string; costUsd: string }[];
  byProject: { projectId: string; name: string; costUsd: string; requests: number }[];
  topModels: { model: string; tier: string; costUsd: string; requests: number; inputTokens: string; outputTokens: string; unpricedRequests: number }[];
}

export async function getSpendOverview(db: DbClient, orgId: string, options: { now?: Date; days?: number } = {}): Promise<SpendOverview> {
  const now = options.now ?? new Date();
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId }, select: { timezone: true } });
  const tz = org.timezone;
  const days = options.days ?? 30;
  // Day boundaries and month start are computed in the org's timezone by Postgres.
  const [bounds] = await db.$queryRaw<{ range_start: Date; month_start: Date }[]>`
    SELECT (date_trunc('day', ${now}::timestamptz AT TIME ZONE ${tz}) - make_interval(days => ${days - 1})) AT TIME ZONE ${tz} AS range_start,
           date_trunc('month', ${now}::timestamptz AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS month_start`;
  const rangeStart = bounds!.range_start;
  const monthStart = bounds!.month_start;

  const [mtd] = await db.$queryRaw<{ cost: string | null; requests: bigint | null; unpriced: bigint | null; estimated: bigint | null }[]>`
    SELECT sum(cost_usd)::text AS cost, sum(requests) AS requests, sum(unpriced_requests) AS unpriced, sum(estimated_requests) AS estimated
    FROM usage_rollup_hourly WHERE org_id = ${orgId} AND hour >= ${monthStart} AND hour <= ${now}`;

  const dailyByTier = await db.$queryRaw<{ day: string; tier: string; cost: string }[]>`
    SELECT to_char(date_trunc('day', hour AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS day, tier, sum(cost_usd)::text AS cost
    FROM usage_rollup_hourly WHERE org_id = ${orgId} AND hour >= ${rangeStart} AND hour <= ${now}
    GROUP BY 1, 2 ORDER BY 1, 2`;

  const byProject = await db.$queryRaw<{ project_id: string; name: string; cost: string; requests: bigint }[]>`
    SELECT r.project_id, p.name, sum(r.cost_usd)::text AS cost, sum(r.requests) AS requests
    FROM usage_rollup_hourly r JOIN project p ON p.id = r.project_id
    WHERE r.org_id = ${orgId} AND r.hour >= ${rangeStart} AND r.hour <= ${now}
    GROUP BY 1, 2 ORDER BY sum(r.cost_usd) DESC`;

  const topModels = await db.$queryRaw<{ model: string; tier: string; cost: string; requests: bigint; input: bigint; output: bigint; unpriced: bigint }[]>`
    SELECT model, min(tier) AS tier, sum(cost_usd)::text AS cost, sum(requests) AS requests,
           sum(input_tokens) AS input, sum(output_tokens) AS output, sum(unpriced_requests) AS unpriced
    FROM usage_rollup_hourly WHERE org_id = ${orgId} AND hour >= ${rangeStart} AND hour <= ${now}
    GROUP BY model ORDER BY sum(cost_usd) DESC, sum(requests) DESC LIMIT 10`;

  return {
    rangeStart: rangeStart.toISOString(),
    rangeEnd: now.toISOString(),
    monthToDate: {
      costUsd: mtd?.cost ?? "0",
      requests: Number(mtd?.requests ?? 0),
      unpricedRequests: Number(mtd?.unpriced ?? 0),
      estimatedRequests: Number(mtd?.estimated ?? 0),
    },
    dailyByTier: dailyByTier.map((r) => ({ day: r.day, tier: r.tier, costUsd: r.cost })),
    byProject: byProject.map((r) => ({ projectId: r.project_id, name: r.name, costUsd: r.cost, requests: Number(r.requests) })),
    topModels: topModels.map((r) => ({
      model: r.model,
      tier: r.tier,
      costUsd: r.cost,
      requests: Number(r.requests),
      inputTokens: r.input.toString(),
      outputTokens: r.output.toString(),
      unpricedRequests: Number(r.unpriced),
    })),
  };
}
