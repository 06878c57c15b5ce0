// What routing did over a range of org-local days, read from the routing
// record on each usage row (route-record.ts; one row per attempt, so a
// request is its attempt-0 row): requests and cost per policy and rule, the
// share that fell back or escalated, per served target, local-first's local
// and burst shares and what the burst cost, cache hits and what they saved,
// and what each shadow policy would have sent where. There is no rollup of
// routing yet, so the raw rows are read, always bounded by time through the
// (org, time) index, and the range is capped. Money stays exact: sums are
// numeric in SQL and decimal strings here.
import Decimal from "decimal.js";
import { dashboardFilterSchema, type DashboardScope } from "../dashboard/dashboard-scope";
import type { DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { readCascadeSavings, type CascadeSavings } from "./read-cascade-savings";

export const MAX_ROUTING_STATS_DAYS = 92;

/** The range and project; routing statistics are not split by tier, model or tag. */
export const routingStatsFilterSchema = dashboardFilterSchema.pick({ from: true, to: true, project: true });

export interface RuleStats {
  policyId: string | null;
  policyName: string | null;
  ruleId: string | null;
  action: string;
  requests: number;
  attempts: number;
  /** Requests with at least one fallback or escalation attempt. */
  fellBack: number;
  fallbackAttempts: number;
  escalationAttempts: number;
  costUsd: string;
  unpricedAttempts: number;
  cacheHits: number;
  cacheMisses: number;
  savedUsd: string;
}

export interface TargetStats {
  policyId: string | null;
  policyName: string | null;
  ruleId: string | null;
  model: string;
  attempts: number;
  /** Attempts that answered (status ok). */
  served: number;
  costUsd: string;
}

export interface LocalFirstStats {
  policyId: string | null;
  policyName: string | null;
  ruleId: string | null;
  localModel: string;
  /** Answered (status ok) on the local model, and burst to the cloud. */
  servedLocal: number;
  servedBurst: number;
  burstAttempts: number;
  burstCostUsd: string;
  /** Cloud models the burst attempts went to. */
  burstModels: string[];
  reasons: { atCapacity: number; ttftOverObjective: number; holding: number; localFailed: number };
}

export interface ShadowStats {
  policyId: string | null;
  policyName: string | null;
  ruleId: string | null;
  action: string;
  /** null: nothing could have served it. */
  model: string | null;
  requests: number;
  /** Of those, requests whose first attempt went to another model. */
  differs: number;
}

export interface RoutingStats {
  from: string;
  to: string;
  timezone: string;
  totals: { requests: number; attempts: number; fellBack: number; costUsd: string; cacheHits: number; cacheMisses: number; savedUsd: string; servedLocal: number; servedBurst: number; burstCostUsd: string };
  byRule: RuleStats[];
  byTarget: TargetStats[];
  localFirst: LocalFirstStats[];
  shadow: ShadowStats[];
  /** Cascade rules against sending every request to their strongest model (read-cascade-savings.ts). */
  cascade: (CascadeSavings & { policyName: string | null })[];
}

type Count = bigint | number;
const n = (v: Count | null | undefined) => Number(v ?? 0);
const DECIMAL = "^-?[0-9]+(\\.[0-9]+)?$";

export async function readRoutingStats(db: DbClient, scope: DashboardScope): Promise<RoutingStats> {
  if (scope.days > MAX_ROUTING_STATS_DAYS) throw new AppError("bad_request", `Routing statistics read every usage row: at most ${MAX_ROUTING_STATS_DAYS} days at a time`);
  const project = scope.filter.project
    ? Prisma.sql`AND project_id = ${scope.filter.project}`
    : scope.visibleProjectIds ? Prisma.sql`AND project_id = ANY(${scope.visibleProjectIds}::text[])` : Prisma.empty;
  // Org-local midnights as instants, so the (org_id, occurred_at) index bounds the scan.
  const rows = Prisma.sql`
    SELECT request_id, attempt, served_model, status, cost_usd, routing FROM usage_event
    WHERE org_id = ${scope.orgId}
      AND occurred_at >= (${scope.from}::date)::timestamp AT TIME ZONE ${scope.timezone}
      AND occurred_at < (${scope.to}::date + 1)::timestamp AT TIME ZONE ${scope.timezone}
      AND jsonb_typeof(routing) = 'object' ${project}`;
  const saved = Prisma.sql`CASE WHEN routing->'cache'->>'status' = 'hit' AND routing->'cache'->>'savedCostUsd' ~ ${DECIMAL} THEN (routing->'cache'->>'savedCostUsd')::numeric END`;
  const [cascade, rules, targets, local, shadow] = await Promise.all([
    readCascadeSavings(db, scope),
    db.$queryRaw<{ policy_id: string | null; rule_id: string | null; action: string | null; requests: Count; attempts: Count; fell_back: Count; fallbacks: Count; escalations: Count; cost: string; unpriced: Count; hits: Count; misses: Count; saved: string }[]>`
      WITH r AS (${rows})
      SELECT routing->>'policyId' AS policy_id, routing->>'ruleId' AS rule_id, routing->>'action' AS action,
        count(*) FILTER (WHERE attempt = 0) AS requests, count(*) AS attempts,
        count(DISTINCT request_id) FILTER (WHERE routing->>'role' IN ('fallback', 'escalation')) AS fell_back,
        count(*) FILTER (WHERE routing->>'role' = 'fallback') AS fallbacks, count(*) FILTER (WHERE routing->>'role' = 'escalation') AS escalations,
        coalesce(sum(cost_usd), 0)::text AS cost, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced,
        count(*) FILTER (WHERE routing->'cache'->>'status' = 'hit') AS hits, count(*) FILTER (WHERE routing->'cache'->>'status' = 'miss') AS misses,
        coalesce(sum(${saved}), 0)::text AS saved
      FROM r GROUP BY 1, 2, 3 ORDER BY requests DESC, attempts DESC, 1, 2`,
    db.$queryRaw<{ policy_id: string | null; rule_id: string | null; model: string; attempts: Count; served: Count; cost: string }[]>`
      WITH r AS (${rows})
      SELECT routing->>'policyId' AS policy_id, routing->>'ruleId' AS rule_id, served_model AS model,
        count(*) AS attempts, count(*) FILTER (WHERE status = 'ok') AS served, coalesce(sum(cost_usd), 0)::text AS cost
      FROM r GROUP BY 1, 2, 3 ORDER BY 1, 2, served DESC, 3`,
    db.$queryRaw<{ policy_id: string | null; rule_id: string | null; local_model: string; served_local: Count; served_burst: Count; burst_attempts: Count; burst_cost: string; burst_models: string[] | null; at_capacity: Count; ttft: Count; holding: Count; local_failed: Count }[]>`
      WITH r AS (${rows}), l AS (SELECT *, routing->'local' AS loc FROM r WHERE jsonb_typeof(routing->'local') = 'object')
      SELECT routing->>'policyId' AS policy_id, routing->>'ruleId' AS rule_id, coalesce(loc->>'model', '') AS local_model,
        count(*) FILTER (WHERE loc->>'served' = 'local' AND status = 'ok') AS served_local,
        count(*) FILTER (WHERE loc->>'served' = 'burst' AND status = 'ok') AS served_burst,
        count(*) FILTER (WHERE loc->>'served' = 'burst') AS burst_attempts,
        coalesce(sum(cost_usd) FILTER (WHERE loc->>'served' = 'burst'), 0)::text AS burst_cost,
        array_agg(DISTINCT served_model ORDER BY served_model) FILTER (WHERE loc->>'served' = 'burst') AS burst_models,
        count(*) FILTER (WHERE loc->>'served' = 'burst' AND loc->>'reason' = 'at-capacity') AS at_capacity,
        count(*) FILTER (WHERE loc->>'served' = 'burst' AND loc->>'reason' = 'ttft-over-objective') AS ttft,
        count(*) FILTER (WHERE loc->>'served' = 'burst' AND loc->>'reason' = 'holding') AS holding,
        count(*) FILTER (WHERE loc->>'served' = 'burst' AND loc->>'reason' = 'local-failed') AS local_failed
      FROM l GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    db.$queryRaw<{ policy_id: string | null; rule_id: string | null; action: string | null; model: string | null; requests: Count; differs: Count }[]>`
      WITH r AS (${rows})
      SELECT s->>'policyId' AS policy_id, s->>'ruleId' AS rule_id, s->>'action' AS action, s->>'model' AS model,
        count(*) AS requests, count(*) FILTER (WHERE s->>'model' IS DISTINCT FROM r.served_model) AS differs
      FROM r CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.routing->'shadow') = 'array' THEN r.routing->'shadow' ELSE '[]'::jsonb END) AS s
      WHERE r.attempt = 0 AND jsonb_typeof(s) = 'object'
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, requests DESC, 4`,
  ]);
  const ids = [...new Set([...rules.map((r) => r.policy_id), ...shadow.map((r) => r.policy_id), ...cascade.map((c) => c.policyId)].filter((id): id is string => id !== null))];
  const policies = ids.length ? await db.routingPolicy.findMany({ where: { orgId: scope.orgId, id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(policies.map((p) => [p.id, p.name]));
  const named = (policyId: string | null) => ({ policyId, policyName: policyId === null ? null : names.get(policyId) ?? null });

  const byRule: RuleStats[] = rules.map((r) => ({
    ...named(r.policy_id), ruleId: r.rule_id, action: r.action ?? "default", requests: n(r.requests), attempts: n(r.attempts), fellBack: n(r.fell_back),
    fallbackAttempts: n(r.fallbacks), escalationAttempts: n(r.escalations), costUsd: r.cost, unpricedAttempts: n(r.unpriced), cacheHits: n(r.hits), cacheMisses: n(r.misses), savedUsd: r.saved,
  }));
  const localFirst: LocalFirstStats[] = local.map((r) => ({
    ...named(r.policy_id), ruleId: r.rule_id, localModel: r.local_model, servedLocal: n(r.served_local), servedBurst: n(r.served_burst), burstAttempts: n(r.burst_attempts),
    burstCostUsd: r.burst_cost, burstModels: r.burst_models ?? [], reasons: { atCapacity: n(r.at_capacity), ttftOverObjective: n(r.ttft), holding: n(r.holding), localFailed: n(r.local_failed) },
  }));
  const sum = <T>(items: T[], f: (t: T) => number) => items.reduce((a, t) => a + f(t), 0);
  const money = <T>(items: T[], f: (t: T) => string) => items.reduce((a, t) => a.plus(f(t)), new Decimal(0)).toFixed();
  return {
    from: scope.from, to: scope.to, timezone: scope.timezone,
    totals: {
      requests: sum(byRule, (r) => r.requests), attempts: sum(byRule, (r) => r.attempts), fellBack: sum(byRule, (r) => r.fellBack), costUsd: money(byRule, (r) => r.costUsd),
      cacheHits: sum(byRule, (r) => r.cacheHits), cacheMisses: sum(byRule, (r) => r.cacheMisses), savedUsd: money(byRule, (r) => r.savedUsd),
      servedLocal: sum(localFirst, (r) => r.servedLocal), servedBurst: sum(localFirst, (r) => r.servedBurst), burstCostUsd: money(localFirst, (r) => r.burstCostUsd),
    },
    byRule,
    byTarget: targets.map((r) => ({ ...named(r.policy_id), ruleId: r.rule_id, model: r.model, attempts: n(r.attempts), served: n(r.served), costUsd: r.cost })),
    localFirst,
    shadow: shadow.map((r) => ({ ...named(r.policy_id), ruleId: r.rule_id, action: r.action ?? "default", model: r.model, requests: n(r.requests), differs: n(r.differs) })),
    cascade: cascade.map((c) => ({ ...c, ...named(c.policyId) })),
  };
}
