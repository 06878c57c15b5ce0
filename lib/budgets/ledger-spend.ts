// A budget's spend in one period, from the usage ledger. Whole hours come
// from the hourly rollups (written in the same statement as the raw rows,
// so they agree to the nano-dollar); the partial hours at either edge (a
// period starting at a half-hour local midnight, the current hour) from the
// raw rows, always bounded by time. The ledger is the source of truth;
// Redis counters are a fast copy of it.
import { Prisma } from "../generated/prisma/client";
import type { DbClient } from "../db/create-db-client";
import { usdToNano } from "../money/nano-usd";

export interface BudgetTarget {
  orgId: string;
  scope: "org" | "project" | "key" | "tag";
  projectId: string | null;
  apiKeyId: string | null;
  tag: string | null;
}

const HOUR_MS = 3600_000;

/** Spend in nano-dollars over [start, end). Unpriced rows add nothing (they are shown apart, never as $0). */
export async function ledgerSpendNano(db: DbClient, b: BudgetTarget, start: Date, end: Date): Promise<bigint> {
  const firstWhole = new Date(Math.ceil(start.getTime() / HOUR_MS) * HOUR_MS);
  const lastWhole = new Date(Math.floor(end.getTime() / HOUR_MS) * HOUR_MS);
  if (firstWhole >= lastWhole) return rawSpend(db, b, start, end);
  const [head, middle, tail] = await Promise.all([rawSpend(db, b, start, firstWhole), rollupSpend(db, b, firstWhole, lastWhole), rawSpend(db, b, lastWhole, end)]);
  return head + middle + tail;
}

async function rawSpend(db: DbClient, b: BudgetTarget, start: Date, end: Date): Promise<bigint> {
  if (start >= end) return 0n;
  const scope = b.scope === "project" ? Prisma.sql`AND project_id = ${b.projectId}`
    : b.scope === "key" ? Prisma.sql`AND api_key_id = ${b.apiKeyId}`
    : b.scope === "tag" ? Prisma.sql`AND ${b.tag} = ANY(tags)`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ total: string }[]>`
    SELECT coalesce(sum(cost_usd), 0)::text AS total FROM usage_event
    WHERE org_id = ${b.orgId} AND occurred_at >= ${start} AND occurred_at < ${end} ${scope}`;
  return usdToNano(rows[0]!.total);
}

async function rollupSpend(db: DbClient, b: BudgetTarget, start: Date, end: Date): Promise<bigint> {
  const rows = b.scope === "tag"
    ? await db.$queryRaw<{ total: string }[]>`
        SELECT coalesce(sum(cost_usd), 0)::text AS total FROM usage_rollup_tag_hourly
        WHERE org_id = ${b.orgId} AND tag = ${b.tag} AND hour >= ${start} AND hour < ${end}`
    : await db.$queryRaw<{ total: string }[]>`
        SELECT coalesce(sum(cost_usd), 0)::text AS total FROM usage_rollup_hourly
        WHERE org_id = ${b.orgId} AND hour >= ${start} AND hour < ${end} ${rollupScopeFilter(b)}`;
  return usdToNano(rows[0]!.total);
}

/** The budget's scope on usage_rollup_hourly (tag budgets read usage_rollup_tag_hourly instead). */
export function rollupScopeFilter(b: BudgetTarget): Prisma.Sql {
  if (b.scope === "project") return Prisma.sql`AND project_id = ${b.projectId}`;
  if (b.scope === "key") return Prisma.sql`AND api_key_id = ${b.apiKeyId}`;
  return Prisma.empty;
}
