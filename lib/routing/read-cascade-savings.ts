// What each cascade rule cost against sending all its requests to its
// strongest model: for every cascade request, the answer that was kept (its
// last answered attempt) is re-priced at the strongest model's price in
// effect then, with the same tokens (how many the strongest model would
// have produced is not known: a benchmark of both on the same cases is what
// the what-if uses for that), and compared with what every attempt cost.
// Exact decimals throughout. A request whose kept answer or strongest model
// is unpriced is counted apart, never as $0.
import Decimal from "decimal.js";
import type { DashboardScope } from "../dashboard/dashboard-scope";
import type { DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";
import { priceInEffect } from "../pricing/price-in-effect";
import { priceRequest } from "../pricing/price-request";
import { priceVersionSelect, toPriceVersion } from "../pricing/price-version-rows";

export interface CascadeSavings {
  policyId: string | null;
  ruleId: string | null;
  strongestModel: string;
  requests: number;
  /** Requests that were asked of more than one model. */
  escalated: number;
  costUsd: string;
  /** The kept answers priced as the strongest model. */
  costIfStrongestUsd: string;
  savedUsd: string;
  /** Requests left out of the two sums: an attempt or the strongest model without a price. */
  unpriced: number;
}

interface CascadeRequestRow {
  policy_id: string | null;
  rule_id: string | null;
  strongest: string;
  occurred_at: Date;
  attempts: number;
  cost: string | null;
  unpriced_attempts: number;
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
}

export async function readCascadeSavings(db: DbClient, scope: DashboardScope): Promise<CascadeSavings[]> {
  const project = scope.filter.project
    ? Prisma.sql`AND project_id = ${scope.filter.project}`
    : scope.visibleProjectIds ? Prisma.sql`AND project_id = ANY(${scope.visibleProjectIds}::text[])` : Prisma.empty;
  const rows = await db.$queryRaw<CascadeRequestRow[]>`
    WITH c AS (
      SELECT request_id, attempt, occurred_at, status, cost_usd, routing, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens
      FROM usage_event
      WHERE org_id = ${scope.orgId}
        AND occurred_at >= (${scope.from}::date)::timestamp AT TIME ZONE ${scope.timezone}
        AND occurred_at < (${scope.to}::date + 1)::timestamp AT TIME ZONE ${scope.timezone}
        AND jsonb_typeof(routing) = 'object' AND routing->>'action' = 'cascade' ${project}
    ), kept AS (
      SELECT DISTINCT ON (request_id) * FROM c WHERE status = 'ok' ORDER BY request_id, attempt DESC
    )
    SELECT k.routing->>'policyId' AS policy_id, k.routing->>'ruleId' AS rule_id, a.strongest, k.occurred_at,
      a.attempts::int AS attempts, a.cost::text AS cost, a.unpriced::int AS unpriced_attempts,
      k.input_tokens, k.cached_input_tokens, k.cache_write_tokens, k.output_tokens, k.reasoning_tokens
    FROM kept k JOIN (
      SELECT request_id, count(*) AS attempts, sum(cost_usd) AS cost, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced,
        max(routing->>'strongest') AS strongest
      FROM c GROUP BY request_id
    ) a USING (request_id)
    WHERE a.strongest IS NOT NULL`;
  const strongest = [...new Set(rows.map((r) => r.strongest))];
  const models = strongest.length
    ? await db.model.findMany({ where: { orgId: scope.orgId, alias: { in: strongest } }, select: { alias: true, prices: { orderBy: { effectiveFrom: "asc" }, select: priceVersionSelect } } })
    : [];
  const prices = new Map(models.map((m) => [m.alias, m.prices.map(toPriceVersion)]));

  const byRule = new Map<string, CascadeSavings & { cost: Decimal; ifStrongest: Decimal }>();
  for (const r of rows) {
    const key = `${r.policy_id}\u0000${r.rule_id}\u0000${r.strongest}`;
    let s = byRule.get(key);
    if (!s) {
      s = { policyId: r.policy_id, ruleId: r.rule_id, strongestModel: r.strongest, requests: 0, escalated: 0, costUsd: "0", costIfStrongestUsd: "0", savedUsd: "0", unpriced: 0, cost: new Decimal(0), ifStrongest: new Decimal(0) };
      byRule.set(key, s);
    }
    s.requests++;
    if (r.attempts > 1) s.escalated++;
    const price = priceInEffect(prices.get(r.strongest), r.occurred_at);
    if (!price || r.unpriced_attempts > 0 || r.cost === null) {
      s.unpriced++;
      continue;
    }
    const usage = { inputTokens: r.input_tokens, cachedInputTokens: r.cached_input_tokens, cacheWriteTokens: r.cache_write_tokens, outputTokens: r.output_tokens, reasoningTokens: r.reasoning_tokens };
    s.cost = s.cost.plus(r.cost);
    s.ifStrongest = s.ifStrongest.plus(priceRequest(usage, price).total);
  }
  return [...byRule.values()].map(({ cost, ifStrongest, ...s }) => ({ ...s, costUsd: cost.toFixed(), costIfStrongestUsd: ifStrongest.toFixed(), savedUsd: ifStrongest.minus(cost).toFixed() }));
}
