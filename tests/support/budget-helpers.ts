// Helpers for budget tests: create budgets and rate limits through the
// product's own use cases, and read the Redis counters.
import type { Redis } from "ioredis";
import type { Principal } from "../../lib/auth/principal";
import { periodWindow, type BudgetPeriod } from "../../lib/budgets/budget-period";
import { budgetInputSchema } from "../../lib/budgets/budget-schemas";
import { createBudget } from "../../lib/budgets/save-budget";
import type { DbClient } from "../../lib/db/create-db-client";
import { budgetCounterKey } from "../../lib/limits/limit-keys";
import { publishLimitsChange } from "../../lib/limits/limit-rules";

export const systemPrincipal = (orgId: string): Principal => ({ kind: "token", actor: "test", userId: null, email: null, orgId, role: "owner" });

export async function addBudget(db: DbClient, redis: Redis, orgId: string, input: Record<string, unknown>) {
  return createBudget(db, redis, systemPrincipal(orgId), budgetInputSchema.parse(input));
}

export async function addRateLimit(db: DbClient, redis: Redis, orgId: string, data: { scope: "key" | "project" | "model"; apiKeyId?: string; projectId?: string; modelAlias?: string; requestsPerMin?: number; tokensPerMin?: number; maxConcurrent?: number }) {
  const row = await db.rateLimitPolicy.create({ data: { orgId, ...data } });
  await publishLimitsChange(redis, orgId);
  return row;
}

export async function counterSpentNano(redis: Redis, orgId: string, budgetId: string, period: BudgetPeriod, timezone: string, at: Date): Promise<{ spent: bigint; reserved: bigint }> {
  const key = budgetCounterKey(orgId, budgetId, periodWindow(period, timezone, at).start.getTime());
  const [spent, reserved] = await redis.hmget(key, "spent", "reserved");
  return { spent: BigInt(spent ?? "0"), reserved: BigInt(reserved ?? "0") };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
