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

it("names actors and entities in one lookup per kind, keeps the ids, names deleted entities from their snapshot, filters by email", async () => {
  const org = await t.db.org.create({ data: { name: "Names Org", slug: "names-org" } });
  const user = await t.db.user.create({ data: { email: "nora@example.com", name: "Nora Finance", passwordHash: "x" } });
  await t.db.membership.create({ data: { orgId: org.id, userId: user.id, role: "finance" } });
  const token = await t.db.managementToken.create({ data: { orgId: org.id, role: "finance", name: "ci-token", prefix: "tg_mt_x", hashedToken: "h-names", createdById: user.id } });
  const asUser: Principal = { kind: "user", actor: `user:${user.id}`, userId: user.id, email: user.email, orgId: org.id, role: "finance" };
  const asToken: Principal = { kind: "token", actor: `token:${token.id}`, userId: null, email: null, orgId: org.id, role: "finance" };
  const kept = await createBudget(t.db, redis, asUser, budgetInputSchema.parse({ name: "Kept cap", scope: "org", period: "month", amountUsd: "10" }));
  const gone = await createBudget(t.db, redis, asToken, budgetInputSchema.parse({ name: "Gone cap", scope: "org", period: "month", amountUsd: "20" }));
  await deleteBudget(t.db, redis, asToken, gone.id);
  // Another org's budget with a known id never lends its name to this org's log.
  const other = await t.db.org.create({ data: { name: "Other", slug: "other-names" } });
  const foreign = await t.db.budget.create({ data: { orgId: other.id, name: "Foreign secret", scope: "org", period: "month", amountUsd: "1" } });
  await t.db.auditLog.create({ data: { orgId: org.id, actor: "system:test", action: "budget.poke", entityType: "budget", entityId: foreign.id } });

  const queries: string[] = [];
  const counting = t.db.$extends({ query: { $allOperations: async ({ model, operation, args, query }) => { queries.push(`${model}.${operation}`); return query(args); } } }) as unknown as typeof t.db;
  const { entries } = await listAuditLog(counting, asUser, listAuditLogQuerySchema.parse({}));
  expect(entries.map((e) => [e.action, e.actor, e.actorName, e.entityId, e.entityName])).toEqual([
    ["budget.poke", "system:test", null, foreign.id, null],
    ["budget.delete", `token:${token.id}`, "ci-token", gone.id, "Gone cap"],
    ["budget.create", `token:${token.id}`, "ci-token", gone.id, "Gone cap"],
    ["budget.create", `user:${user.id}`, "Nora Finance (nora@example.com)", kept.id, "Kept cap"],
  ]);
  // The page, then one query per kind of id (users, tokens, budgets), whatever the number of rows.
  expect(queries.sort()).toEqual(["AuditLog.findMany", "Budget.findMany", "ManagementToken.findMany", "User.findMany"]);

  // A gone entity's entries that kept no name of their own borrow it from its other entries on the page.
  await t.db.auditLog.create({ data: { orgId: org.id, actor: "system:test", action: "member.remove", entityType: "user", entityId: "gone-user", before: { email: "gone@example.com", role: "viewer" } } });
  await t.db.auditLog.create({ data: { orgId: org.id, actor: "system:test", action: "member.role_change", entityType: "user", entityId: "gone-user", before: { role: "viewer" }, after: { role: "finance" } } });
  const gonePage = await listAuditLog(t.db, asUser, listAuditLogQuerySchema.parse({ entityId: "gone-user" }));
  expect(gonePage.entries.map((e) => [e.action, e.entityName])).toEqual([["member.role_change", "gone@example.com"], ["member.remove", "gone@example.com"]]);

  const byEmail = await listAuditLog(t.db, asUser, listAuditLogQuerySchema.parse({ actor: "Nora@Example.com" }));
  expect(byEmail.entries.map((e) => [e.action, e.entityName])).toEqual([["budget.create", "Kept cap"]]);
  expect((await listAuditLog(t.db, asUser, listAuditLogQuerySchema.parse({ actor: `token:${token.id}` }))).entries).toHaveLength(2);
});
