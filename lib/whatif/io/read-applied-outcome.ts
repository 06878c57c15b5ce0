// What the policies applied from a scenario did since they were applied,
// against the other side (compare-applied-outcome.ts): for every policy whose
// row names the scenario, the requests it routed (usage rows whose
// routing.policyId is it) and those it would have routed in shadow mode (rows
// whose routing.shadow names it, with every attempt of those requests), their
// exact ledger cost, and the same rows priced the other way. Both kinds are
// read for every policy, whatever its mode now, since a policy applied in
// shadow may have been switched to enforce since.
// One aggregate query over usage_event, bounded by the (org, time) index from
// the earliest apply (each policy counts only rows from its own apply on),
// at most MAX_OUTCOME_DAYS back; grouped by hour x serving model x other
// model, so the re-pricing reads a few groups, never raw rows.
// Any role that sees the scenario reads it (404 otherwise); a confined
// scenario's rows are read only from its projects.
import Decimal from "decimal.js";
import type { Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";
import { Prisma } from "@/lib/generated/prisma/client";
import { nanoToUsd, usdToNano } from "@/lib/money/nano-usd";
import { compareAppliedOutcome, savingNano, type OutcomeFigures, type OutcomeGroup, type OutcomeKind } from "../compare-applied-outcome";
import { scenarioSchema } from "../scenario-schema";
import { findVisibleScenario } from "./manage-scenarios";
import { loadRepriceInputs } from "./load-whatif-inputs";

export const MAX_OUTCOME_DAYS = 92;
const DAY_MS = 86_400_000;

export interface OutcomeSide {
  requests: number;
  attempts: number;
  unpricedAttempts: number;
  unpredictedAttempts: number;
  /** The ledger's cost of the compared rows (unpriced and unpredicted ones left out). */
  actualCostUsd: string;
  /** enforced: the same rows on the model each request asked for; shadowed: on the model the policy would have sent it to. */
  otherCostUsd: string;
  /** enforced: realised (other - actual); shadowed: predicted (actual - other). */
  savingUsd: string;
  /** savingUsd / the cost without the policy, in percent with 2 decimals; null when that is 0. */
  savingPercent: string | null;
}

export interface AppliedPolicyOutcome {
  policyId: string;
  policyName: string;
  mode: "enforce" | "shadow";
  enabled: boolean;
  appliedAt: string;
  resultId: string | null;
  window: { from: string; to: string };
  enforced: OutcomeSide;
  shadowed: OutcomeSide;
  /** What the applied result predicted over the scenario's range, for the rate to compare with. */
  scenarioPrediction: { baselineCostUsd: string; simulatedCostUsd: string; savingUsd: string; savingPercent: string | null } | null;
}

export interface AppliedOutcome {
  scenarioId: string;
  readAt: string;
  policies: AppliedPolicyOutcome[];
}

type Count = bigint | number;
interface Row {
  kind: OutcomeKind; policy_id: string; hour: Date; served_model: string; other_model: string | null; priced: boolean;
  requests: Count; attempts: Count; input: Count; cached: Count; cache_write: Count; output: Count; reasoning: Count; cost: string;
}

const n = (v: Count | null) => Number(v ?? 0);
const percent = (part: bigint, whole: bigint) => (whole === 0n ? null : new Decimal(part.toString()).div(whole.toString()).mul(100).toFixed(2));

export async function readAppliedOutcome(db: DbClient, principal: Principal, scenarioId: string, now = new Date()): Promise<AppliedOutcome> {
  return outcomeOfScenario(db, principal.orgId, await findVisibleScenario(db, principal, scenarioId), now);
}

/** The scenario's applied outcome, for a caller that has checked access (or the worker's prediction checks). */
export async function outcomeOfScenario(db: DbClient, orgId: string, scenario: { id: string; orgWide: boolean; projectIds: string[]; rules: unknown }, now = new Date()): Promise<AppliedOutcome> {
  const policies = await db.routingPolicy.findMany({
    where: { orgId, sourceScenarioId: scenario.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, mode: true, enabled: true, createdAt: true, sourceResultId: true, sourceResult: { select: { baselineCostUsd: true, simulatedCostUsd: true } } },
  });
  const readAt = now.toISOString();
  if (policies.length === 0) return { scenarioId: scenario.id, readAt, policies: [] };

  const earliest = new Date(now.getTime() - MAX_OUTCOME_DAYS * DAY_MS);
  const since = policies.map((p) => (p.createdAt > earliest ? p.createdAt : earliest));
  const from = new Date(Math.min(...since.map((d) => d.getTime())));
  const projects = scenario.orgWide ? Prisma.empty : Prisma.sql`AND project_id = ANY(${scenario.projectIds}::text[])`;
  const rows = await db.$queryRaw<Row[]>`
    WITH p AS (SELECT * FROM unnest(${policies.map((x) => x.id)}::text[], ${since.map((d) => d.toISOString())}::timestamptz[]) AS p(id, since)),
    e AS (
      SELECT request_id, attempt, occurred_at, requested_model, served_model, routing, cost_usd,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens
      FROM usage_event
      WHERE org_id = ${orgId} AND occurred_at >= ${from} AND occurred_at < ${now} ${projects}
    ),
    decided AS (
      SELECT 'enforced' AS kind, p.id AS policy_id, e.attempt, e.occurred_at, e.served_model, e.requested_model AS other_model, e.cost_usd,
        e.input_tokens, e.cached_input_tokens, e.cache_write_tokens, e.output_tokens, e.reasoning_tokens
      FROM e JOIN p ON e.routing->>'policyId' = p.id AND e.occurred_at >= p.since
      UNION ALL
      -- A shadow decision sits on the request's attempt 0; every attempt of that request is what it cost.
      SELECT 'shadowed', p.id, a.attempt, a.occurred_at, a.served_model, s->>'model', a.cost_usd,
        a.input_tokens, a.cached_input_tokens, a.cache_write_tokens, a.output_tokens, a.reasoning_tokens
      FROM e AS z
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(z.routing->'shadow') = 'array' THEN z.routing->'shadow' ELSE '[]'::jsonb END) AS s
      JOIN p ON jsonb_typeof(s) = 'object' AND s->>'policyId' = p.id AND z.occurred_at >= p.since
      JOIN e AS a ON a.request_id = z.request_id
      WHERE z.attempt = 0
    )
    SELECT kind, policy_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, served_model, other_model, cost_usd IS NOT NULL AS priced,
      count(*) FILTER (WHERE attempt = 0) AS requests, count(*) AS attempts,
      sum(input_tokens) AS input, sum(cached_input_tokens) AS cached, sum(cache_write_tokens) AS cache_write,
      sum(output_tokens) AS output, sum(reasoning_tokens) AS reasoning, coalesce(sum(cost_usd), 0)::text AS cost
    FROM decided
    GROUP BY 1, 2, 3, 4, 5, 6`;

  const groups: OutcomeGroup[] = rows.map((r) => ({
    kind: r.kind, policyId: r.policy_id, hour: r.hour, servedModel: r.served_model, otherModel: r.other_model, priced: r.priced, requests: n(r.requests),
    counts: { requests: n(r.attempts), inputTokens: n(r.input), cachedInputTokens: n(r.cached), cacheWriteTokens: n(r.cache_write), outputTokens: n(r.output), reasoningTokens: n(r.reasoning) },
    costNano: usdToNano(r.cost),
  }));
  const parsed = scenarioSchema.safeParse(scenario.rules);
  const inputs = groups.length ? await loadRepriceInputs(db, orgId) : null;
  const figures = inputs
    ? compareAppliedOutcome(groups, {
        catalog: inputs.catalog, ratios: inputs.ratios,
        adjustments: parsed.success ? parsed.data.adjustments : { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false },
      })
    : new Map<string, Record<OutcomeKind, OutcomeFigures>>();

  return {
    scenarioId: scenario.id,
    readAt,
    policies: policies.map((p, i) => {
      const f = figures.get(p.id);
      const predicted = p.sourceResult && p.sourceResult.baselineCostUsd && p.sourceResult.simulatedCostUsd
        ? predictionOf(p.sourceResult.baselineCostUsd.toFixed(9), p.sourceResult.simulatedCostUsd.toFixed(9))
        : null;
      return {
        policyId: p.id, policyName: p.name, mode: p.mode, enabled: p.enabled, appliedAt: p.createdAt.toISOString(), resultId: p.sourceResultId,
        window: { from: since[i]!.toISOString(), to: readAt },
        enforced: side("enforced", f?.enforced),
        shadowed: side("shadowed", f?.shadowed),
        scenarioPrediction: predicted,
      };
    }),
  };
}

function side(kind: OutcomeKind, f: OutcomeFigures | undefined): OutcomeSide {
  const x = f ?? { requests: 0, attempts: 0, unpricedAttempts: 0, unpredictedAttempts: 0, actualNano: 0n, otherNano: 0n };
  const saving = savingNano(kind, x);
  const without = kind === "enforced" ? x.otherNano : x.actualNano;
  return {
    requests: x.requests, attempts: x.attempts, unpricedAttempts: x.unpricedAttempts, unpredictedAttempts: x.unpredictedAttempts,
    actualCostUsd: nanoToUsd(x.actualNano), otherCostUsd: nanoToUsd(x.otherNano), savingUsd: nanoToUsd(saving), savingPercent: percent(saving, without),
  };
}

function predictionOf(baselineCostUsd: string, simulatedCostUsd: string) {
  const saving = usdToNano(baselineCostUsd) - usdToNano(simulatedCostUsd);
  return { baselineCostUsd, simulatedCostUsd, savingUsd: nanoToUsd(saving), savingPercent: percent(saving, usdToNano(baselineCostUsd)) };
}
