// Every budget change is in the audit log with who, what, before and after;
// the log filters and pages newest first.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { listAuditLog, listAuditLogQuerySchema } from "../../lib/audit/list-audit-log";
import { budgetInputSchema } from "../../lib/budgets/budget-schemas";
import { createBudget, deleteBudget, replaceBudget } from "../../lib/budgets/save-budget";
import { createRedis } from "../../lib/redis/create-redis";
import type { Principal } from "../../lib/auth/principal";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
const redis = createRedis(inject("redisUrl"));
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
});
afterAll(async () => {
  redis.disconnect();
  await t.drop();
});

it("records create, update and delete of a budget with before and after, filterable and paged", async () => {
  const org = await t.db.org.create({ data: { name: "Audit Org", slug: "audit-org" } });
  const finance: Principal = { kind: "user", actor: "user:fran", userId: null, email: "fran@example.com", orgId: org.id, role: "finance" };
  const input = budgetInputSchema.parse({ name: "Org cap", scope: "org", period: "month", amountUsd: "100" });
  const budget = await createBudget(t.db, redis, finance, input, "req-1");
  await replaceBudget(t.db, redis, finance, budget.id, { ...input, amountUsd: "150" }, "req-2");
  await deleteBudget(t.db, redis, finance, budget.id, "req-3");

  const all = await listAuditLog(t.db, finance, listAuditLogQuerySchema.parse({ entityType: "budget" }));
  expect(all.entries.map((e) => e.action)).toEqual(["budget.delete", "budget.update", "budget.create"]);
  expect(all.entries.every((e) => e.actor === "user:fran" && e.entityId === budget.id)).toBe(true);
  const update = all.entries[1]!;
  expect(update.requestId).toBe("req-2");
  expect((update.before as { amountUsd: string }).amountUsd).toBe("100");
  expect((update.after as { amountUsd: string }).amountUsd).toBe("150");

  const first = await listAuditLog(t.db, finance, listAuditLogQuerySchema.parse({ entityType: "budget", limit: 2 }));
  expect(first.entries).toHaveLength(2);
  const rest = await listAuditLog(t.db, finance, listAuditLogQuerySchema.parse({ entityType: "budget", limit: 2, before: first.nextBefore! }));
  expect(rest.entries.map((e) => e.action)).toEqual(["budget.create"]);
  expect(rest.nextBefore).toBeNull();
  expect((await listAuditLog(t.db, finance, listAuditLogQuerySchema.parse({ action: "budget.update" }))).entries).toHaveLength(1);
});
