// FOCUS 1.2 export for a range of org-local days, with the dashboard's
// filters. One row per day x project x served model x provider x price
// version x token meter. Read from the raw rows (the rollups keep one cost
// total, not one per meter), always bounded by time.
//
// Per-meter cost = tokens x that meter's rate, exact, rounded to 9 decimals;
// the rounding difference against the stored per-request costs goes to the
// group's largest meter, so the file's BilledCost sums to the ledger (and the
// dashboard) to the nano-dollar. Unpriced requests have no cost to report:
// they are left out and counted in `unpricedRequests`, never written as $0.
import Decimal from "decimal.js";
import { Prisma } from "../generated/prisma/client";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import type { DashboardScope } from "../dashboard/dashboard-scope";
import type { FocusRow } from "./focus-columns";

const D = Decimal.clone({ precision: 60 });
const MAX_EXPORT_DAYS = 93;
const MILLION = new D(1_000_000);

interface GroupRow {
  day: string; charge_start: Date; charge_end: Date; month_start: Date; month_end: Date;
  project_id: string; project_name: string | null; model: string; price_id: string | null;
  provider_name: string | null; vendor: string | null; requests: bigint; cost: string;
  input: bigint; cached: bigint; cache_write: bigint; output: bigint; reasoning: bigint;
  r_input: string | null; r_cached: string | null; r_cache_write: string | null; r_output: string | null; r_reasoning: string | null;
}

export interface FocusExport {
  rows: FocusRow[];
  totalBilledCost: string;
  unpricedRequests: number;
}

const VENDOR_NAMES: Record<string, string> = {
  openai: "OpenAI", anthropic: "Anthropic", google: "Google", xai: "xAI", deepseek: "DeepSeek", groq: "Groq", mistral: "Mistral AI",
  together: "Together AI", openrouter: "OpenRouter", ollama: "Self-hosted", vllm: "Self-hosted", llamacpp: "Self-hosted", lmstudio: "Self-hosted",
};

function rawFilter(scope: DashboardScope): Prisma.Sql {
  const f = scope.filter;
  const parts: Prisma.Sql[] = [];
  if (f.project) parts.push(Prisma.sql`AND e.project_id = ${f.project}`);
  else if (scope.visibleProjectIds) parts.push(Prisma.sql`AND e.project_id = ANY(${scope.visibleProjectIds}::text[])`);
  if (f.tier) parts.push(f.tier === "unknown" ? Prisma.sql`AND e.tier IS NULL` : Prisma.sql`AND e.tier = ${f.tier}::"Tier"`);
  if (f.model) parts.push(Prisma.sql`AND e.served_model = ${f.model}`);
  if (f.tag) parts.push(Prisma.sql`AND e.tags @> ARRAY[${f.tag}]::text[]`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

export async function buildFocusExport(db: DbClient, scope: DashboardScope): Promise<FocusExport> {
  if (scope.days > MAX_EXPORT_DAYS) throw new AppError("bad_request", `A FOCUS export covers at most ${MAX_EXPORT_DAYS} days; export month by month`);
  const org = await db.org.findUniqueOrThrow({ where: { id: scope.orgId }, select: { name: true } });
  const tz = scope.timezone;
  const filter = rawFilter(scope);
  const [groups, [unpriced]] = await Promise.all([
    db.$queryRaw<GroupRow[]>`
      WITH bounds AS (
        SELECT (${scope.from}::date)::timestamp AT TIME ZONE ${tz} AS start_at, ((${scope.to}::date) + 1)::timestamp AT TIME ZONE ${tz} AS end_at
      ),
      g AS (
        SELECT (e.occurred_at AT TIME ZONE ${tz})::date AS day, e.project_id, e.served_model AS model, e.deployment_id, e.price_id,
          count(*) AS requests, sum(e.cost_usd) AS cost, sum(e.input_tokens) AS input, sum(e.cached_input_tokens) AS cached,
          sum(e.cache_write_tokens) AS cache_write, sum(e.output_tokens) AS output, sum(e.reasoning_tokens) AS reasoning
        FROM usage_event e, bounds b
        WHERE e.org_id = ${scope.orgId} AND e.occurred_at >= b.start_at AND e.occurred_at < b.end_at AND e.cost_usd IS NOT NULL ${filter}
        GROUP BY 1, 2, 3, 4, 5
      )
      SELECT to_char(g.day, 'YYYY-MM-DD') AS day,
        g.day::timestamp AT TIME ZONE ${tz} AS charge_start, (g.day + 1)::timestamp AT TIME ZONE ${tz} AS charge_end,
        date_trunc('month', g.day)::timestamp AT TIME ZONE ${tz} AS month_start,
        (date_trunc('month', g.day) + interval '1 month')::timestamp AT TIME ZONE ${tz} AS month_end,
        g.project_id, p.name AS project_name, g.model, g.price_id, pv.name AS provider_name, pv.vendor,
        g.requests, g.cost::text AS cost, g.input, g.cached, g.cache_write, g.output, g.reasoning,
        mp.input_per_mtok::text AS r_input, mp.cached_input_per_mtok::text AS r_cached, mp.cache_write_per_mtok::text AS r_cache_write,
        mp.output_per_mtok::text AS r_output, mp.reasoning_per_mtok::text AS r_reasoning
      FROM g
      LEFT JOIN project p ON p.id = g.project_id
      LEFT JOIN deployment d ON d.id = g.deployment_id
      LEFT JOIN provider pv ON pv.id = d.provider_id
      LEFT JOIN model_price mp ON mp.id = g.price_id
      ORDER BY g.day, p.name, g.model, g.price_id`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM usage_event e
      WHERE e.org_id = ${scope.orgId} AND e.cost_usd IS NULL
        AND e.occurred_at >= (${scope.from}::date)::timestamp AT TIME ZONE ${tz} AND e.occurred_at < ((${scope.to}::date) + 1)::timestamp AT TIME ZONE ${tz} ${filter}`,
  ]);

  const rows: FocusRow[] = [];
  let total = new D(0);
  for (const g of groups) {
    for (const row of meterRows(g, org.name, scope.orgId)) rows.push(row);
    total = total.plus(g.cost);
  }
  return { rows, totalBilledCost: total.toFixed(9), unpricedRequests: Number(unpriced?.n ?? 0) };
}

type Dec = InstanceType<typeof D>;
interface Meter { sku: string; name: string; tokens: Dec; rate: Dec }

/** Splits one group's cost over its token meters (see the rounding note at the top). */
function meterRows(g: GroupRow, orgName: string, orgId: string): FocusRow[] {
  const rate = (r: string | null, fallback: string | null) => new D(r ?? fallback ?? "0");
  const meters: Meter[] = [
    { sku: "input", name: "Input Tokens", tokens: new D(g.input.toString()).minus(g.cached.toString()).minus(g.cache_write.toString()), rate: rate(g.r_input, null) },
    { sku: "cached-input", name: "Cached Input Tokens", tokens: new D(g.cached.toString()), rate: rate(g.r_cached, g.r_input) },
    { sku: "cache-write", name: "Cache Write Tokens", tokens: new D(g.cache_write.toString()), rate: rate(g.r_cache_write, g.r_input) },
    { sku: "output", name: "Output Tokens", tokens: new D(g.output.toString()).minus(g.r_reasoning ? g.reasoning.toString() : 0), rate: rate(g.r_output, null) },
    { sku: "reasoning", name: "Reasoning Tokens", tokens: g.r_reasoning ? new D(g.reasoning.toString()) : new D(0), rate: rate(g.r_reasoning, g.r_output) },
  ].filter((m) => m.tokens.gt(0) || m.sku === "input" || m.sku === "output");
  const costs = meters.map((m) => m.tokens.times(m.rate).div(MILLION).toDecimalPlaces(9, D.ROUND_HALF_EVEN));
  const remainder = new D(g.cost).minus(costs.reduce((a, b) => a.plus(b), new D(0)));
  let largest = 0;
  costs.forEach((c, i) => { if (c.gt(costs[largest]!)) largest = i; });
  costs[largest] = costs[largest]!.plus(remainder);

  const vendor = VENDOR_NAMES[g.vendor ?? ""] ?? g.vendor ?? "Unknown";
  return meters.map((m, i) => {
    const cost = costs[i]!.toFixed(9);
    return {
      BillingAccountId: orgId, BillingAccountName: orgName, BillingCurrency: "USD",
      BillingPeriodStart: iso(g.month_start), BillingPeriodEnd: iso(g.month_end),
      ChargePeriodStart: iso(g.charge_start), ChargePeriodEnd: iso(g.charge_end),
      ChargeCategory: "Usage", ChargeClass: "", ChargeDescription: `${m.name} for ${g.model} on ${g.day}`,
      BilledCost: cost, EffectiveCost: cost, ListCost: cost, ContractedCost: cost,
      ListUnitPrice: m.rate.toFixed(), ContractedUnitPrice: m.rate.toFixed(),
      PricingQuantity: m.tokens.div(MILLION).toFixed(), PricingUnit: "1M Tokens",
      ConsumedQuantity: m.tokens.toFixed(0), ConsumedUnit: "Tokens",
      InvoiceIssuerName: vendor, ProviderName: vendor, PublisherName: vendor,
      ServiceCategory: "AI and Machine Learning", ServiceName: g.provider_name ?? "Unknown",
      SkuId: `${g.model}:${m.sku}`, SkuMeter: m.name, SkuPriceId: g.price_id ?? "",
      SubAccountId: g.project_id, SubAccountName: g.project_name ?? g.project_id,
      Tags: JSON.stringify({ "tollgate/project": g.project_name ?? g.project_id }),
      x_Model: g.model, x_Requests: i === 0 ? g.requests.toString() : "0",
    };
  });
}
