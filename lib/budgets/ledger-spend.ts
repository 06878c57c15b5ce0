// A budget's spend in one period, summed from the usage ledger (raw rows,
// always bounded by the period). The ledger is the source of truth; Redis
// counters are a fast copy of it.
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

export function budgetScopeFilter(b: BudgetTarget): Prisma.Sql {
  if (b.scope === "project") return Prisma.sql`AND project_id = ${b.projectId}`;
  if (b.scope === "key") return Prisma.sql`AND api_key_id = ${b.apiKeyId}`;
  if (b.scope === "tag") return Prisma.sql`AND ${b.tag} = ANY(tags)`;
  return Prisma.empty;
}

/** Spend in nano-dollars over [start, end). Unpriced rows add nothing (they are shown apart, never as $0). */
export async function ledgerSpendNano(db: DbClient, b: BudgetTarget, start: Date, end: Date): Promise<bigint> {
  const rows = await db.$queryRaw<{ total: string }[]>`
    SELECT coalesce(sum(cost_usd), 0)::text AS total FROM usage_event
    WHERE org_id = ${b.orgId} AND occurred_at >= ${start} AND occurred_at < ${end} ${budgetScopeFilter(b)}`;
  return usdToNano(rows[0]!.total);
}
