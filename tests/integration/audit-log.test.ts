// Every budget change is in the audit log with who, what, before and after;
// the log filters and pages newest first; sorting by time, actor or action is
// the server's and holds across pages (keyset on the sort key, then the id).
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { listAuditLog, listAuditLogQuerySchema } from "../../lib/audit/list-audit-log";
import { AppError } from "../../lib/http/app-error";
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
  // The page (one raw query), then one query per kind of id (users, tokens, budgets), whatever the number of rows.
  expect(queries.sort()).toEqual(["Budget.findMany", "ManagementToken.findMany", "User.findMany", "undefined.$queryRaw"]);

  // A gone entity's entries that kept no name of their own borrow it from its other entries on the page.
  await t.db.auditLog.create({ data: { orgId: org.id, actor: "system:test", action: "member.remove", entityType: "user", entityId: "gone-user", before: { email: "gone@example.com", role: "viewer" } } });
  await t.db.auditLog.create({ data: { orgId: org.id, actor: "system:test", action: "member.role_change", entityType: "user", entityId: "gone-user", before: { role: "viewer" }, after: { role: "finance" } } });
  const gonePage = await listAuditLog(t.db, asUser, listAuditLogQuerySchema.parse({ entityId: "gone-user" }));
  expect(gonePage.entries.map((e) => [e.action, e.entityName])).toEqual([["member.role_change", "gone@example.com"], ["member.remove", "gone@example.com"]]);

  const byEmail = await listAuditLog(t.db, asUser, listAuditLogQuerySchema.parse({ actor: "Nora@Example.com" }));
  expect(byEmail.entries.map((e) => [e.action, e.entityName])).toEqual([["budget.create", "Kept cap"]]);
  expect((await listAuditLog(t.db, asUser, listAuditLogQuerySchema.parse({ actor: `token:${token.id}` }))).entries).toHaveLength(2);
});

it("sorts by time, actor (by the name shown) and action on the server, exactly across pages, with filters, ties broken by id", async () => {
  const org = await t.db.org.create({ data: { name: "Sort Org", slug: "sort-org" } });
  const zed = await t.db.user.create({ data: { email: "zed@example.com", name: "Zed Admin", passwordHash: "x" } });
  const amy = await t.db.user.create({ data: { email: "amy@example.com", passwordHash: "x" } });
  const bot = await t.db.managementToken.create({ data: { orgId: org.id, role: "admin", name: "CI-bot", prefix: "tg_mt_s", hashedToken: "h-sort", createdById: zed.id } });
  const principal: Principal = { kind: "user", actor: `user:${zed.id}`, userId: zed.id, email: zed.email, orgId: org.id, role: "owner" };
  // The shown name of each actor, lower-cased (the sort key); first letters differ, so any collation agrees with these.
  const actors = [[`user:${zed.id}`, "zed admin (zed@example.com)"], [`user:${amy.id}`, "amy@example.com"], [`token:${bot.id}`, "ci-bot"], ["system:seed", "system:seed"]] as const;
  const actions = ["model.update", "budget.create", "key.revoke", "budget.delete"];
  // 13 entries over 5 instants: several share a timestamp, an actor or an action, so only the id breaks those ties.
  const made: { id: string; at: number; actor: string; key: string; action: string; entityType: string }[] = [];
  for (let i = 0; i < 13; i++) {
    const [actor, key] = actors[(i * 3) % 4]!;
    const at = Date.parse("2026-11-01T10:00:00.000Z") + ((i * 7) % 5) * 60_000 + (i % 2 ? 123 : 0);
    const entry = await t.db.auditLog.create({
      data: { orgId: org.id, actor, action: actions[i % 4]!, entityType: i % 3 ? "budget" : "model", entityId: `e${i}`, createdAt: new Date(at) },
      select: { id: true },
    });
    made.push({ id: entry.id.toString(), at, actor, key, action: actions[i % 4]!, entityType: i % 3 ? "budget" : "model" });
  }
  await t.db.auditLog.create({ data: { orgId: (await t.db.org.create({ data: { name: "Elsewhere", slug: "sort-elsewhere" } })).id, actor: "system:other", action: "a.a", entityType: "x" } });

  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const byId = (a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);
  // By the key in the order asked; ties by id, along the order for time and newest first for actor and action.
  const expected = (sort: "time" | "actor" | "action", order: "asc" | "desc", only = made) => {
    const key = (e: (typeof made)[number]) => (sort === "time" ? e.at : sort === "actor" ? e.key : e.action);
    const sign = order === "asc" ? 1 : -1;
    const tie = sort === "time" ? sign : -1;
    return [...only].sort((a, b) => sign * cmp(key(a), key(b)) || tie * byId(a, b)).map((e) => e.id);
  };
  const walk = async (query: Record<string, string>) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listAuditLog(t.db, principal, listAuditLogQuerySchema.parse({ ...query, limit: "3", ...(cursor ? { cursor } : {}) }));
      expect(page.entries.length).toBeLessThanOrEqual(3);
      ids.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error("paging did not end");
  };

  for (const sort of ["time", "actor", "action"] as const) {
    for (const order of ["asc", "desc"] as const) {
      const want = expected(sort, order);
      expect(await walk({ sort, order }), `${sort} ${order}`).toEqual(want);
      // One big page is the same order: pages are slices of one total order.
      expect((await listAuditLog(t.db, principal, listAuditLogQuerySchema.parse({ sort, order, limit: "200" }))).entries.map((e) => e.id)).toEqual(want);
    }
  }
  // Defaults: newest first for time (also with no sort given), A to Z for actor.
  expect(await walk({})).toEqual(expected("time", "desc"));
  expect(await walk({ sort: "actor" })).toEqual(expected("actor", "asc"));
  const actorPage = await listAuditLog(t.db, principal, listAuditLogQuerySchema.parse({ sort: "actor", limit: "200" }));
  expect(actorPage.entries[0]!.actorName).toBe("amy@example.com");
  expect(actorPage).toMatchObject({ sort: "actor", order: "asc", nextCursor: null, nextBefore: null });
  // Filters hold on every page of a sort.
  expect(await walk({ sort: "action", entityType: "budget" })).toEqual(expected("action", "asc", made.filter((e) => e.entityType === "budget")));
  expect(await walk({ sort: "actor", order: "desc", from: "2026-11-01T10:01:00Z", to: "2026-11-01T10:03:00Z" }))
    .toEqual(expected("actor", "desc", made.filter((e) => e.at >= Date.parse("2026-11-01T10:01:00Z") && e.at < Date.parse("2026-11-01T10:03:00Z"))));

  // `before` (the earlier name) still pages newest first, and nextBefore is given for that order only.
  const first = await listAuditLog(t.db, principal, listAuditLogQuerySchema.parse({ limit: "5" }));
  expect(first.nextBefore).toBe(first.nextCursor);
  const second = await listAuditLog(t.db, principal, listAuditLogQuerySchema.parse({ limit: "5", before: first.nextBefore! }));
  expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(expected("time", "desc").slice(0, 10));

  // A cursor that is not an entry of this org's log is refused (422), never used as a position.
  const foreign = await t.db.auditLog.findFirstOrThrow({ where: { actor: "system:other" }, select: { id: true } });
  for (const cursor of [foreign.id.toString(), "999999999"]) {
    await expect(listAuditLog(t.db, principal, listAuditLogQuerySchema.parse({ sort: "actor", cursor }))).rejects.toSatisfy((e) => e instanceof AppError && e.code === "validation_failed");
  }
  expect(listAuditLogQuerySchema.safeParse({ sort: "what" }).success).toBe(false);
});
