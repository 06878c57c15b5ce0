// Issue 10, item 7: access can be withdrawn. Management tokens expire (a
// default when none is chosen) and can be revoked; engineer and viewer
// tokens see only the projects chosen at creation; lastUsedAt is written in
// batches, never per request; members can be removed or change role, audited,
// and an org never loses its last owner, even to concurrent demotions.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { closeTokenLastUsed } from "../../lib/access/last-used-recorder";
import { listAuditLog, listAuditLogQuerySchema } from "../../lib/audit/list-audit-log";
import { changeMemberRole } from "../../lib/members/change-member-role";
import { removeMember } from "../../lib/members/remove-member";
import { findAccessibleProject } from "../../lib/projects/find-accessible-project";
import { removeProjectMember } from "../../lib/projects/manage-project-members";
import { listProjects } from "../../lib/projects/list-projects";
import { createManagementToken, createManagementTokenSchema, DEFAULT_TOKEN_DAYS } from "../../lib/tokens/create-management-token";
import { revokeManagementToken } from "../../lib/tokens/revoke-management-token";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
let owner: Principal;
let otherProjectId: string;
// resolvePrincipal reads the process's database (lib/db.ts) and web env: point them at this file's database.
let resolvePrincipal: typeof import("../../lib/auth/resolve-principal").resolvePrincipal;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.accessWithdrawal, env: { TOLLGATE_LAST_USED_FLUSH_MS: 1500 } });
  Object.assign(process.env, { DATABASE_URL: f.t.url, REDIS_URL: f.redisUrl, NEXTAUTH_SECRET: "x".repeat(40), TOLLGATE_LAST_USED_FLUSH_MS: "60000" });
  ({ resolvePrincipal } = await import("../../lib/auth/resolve-principal"));
  const user = await f.t.db.user.create({ data: { email: "owner@access.test", passwordHash: "x" } });
  await f.t.db.membership.create({ data: { orgId: f.orgId, userId: user.id, role: "owner" } });
  owner = { kind: "user", actor: `user:${user.id}`, userId: user.id, email: user.email, orgId: f.orgId, role: "owner" };
  otherProjectId = (await f.t.db.project.create({ data: { orgId: f.orgId, name: "Other", slug: "other" } })).id;
});
afterAll(async () => {
  const { disconnectDb } = await import("../../lib/db");
  await closeTokenLastUsed();
  await disconnectDb();
  await f.close();
});

const mint = (principal: Principal, input: Record<string, unknown>) => createManagementToken(f.t.db, principal, createManagementTokenSchema.parse(input));
const bearer = (secret: string) => resolvePrincipal(`Bearer ${secret}`);

async function addMember(email: string, role: "owner" | "admin" | "finance" | "engineer" | "viewer") {
  const user = await f.t.db.user.create({ data: { email, passwordHash: "x" } });
  await f.t.db.membership.create({ data: { orgId: f.orgId, userId: user.id, role } });
  return user;
}

describe("management tokens", () => {
  it("expire after a default when no expiry is chosen; a chosen one must be in the future and within a year", async () => {
    const token = await mint(owner, { name: "ci", role: "admin" });
    const days = (token.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(DEFAULT_TOKEN_DAYS - 0.01);
    expect(days).toBeLessThan(DEFAULT_TOKEN_DAYS + 0.01);
    await expect(mint(owner, { name: "past", role: "admin", expiresAt: new Date(Date.now() - 1000).toISOString() })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(mint(owner, { name: "forever", role: "admin", expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).rejects.toMatchObject({ code: "validation_failed" });
    // An expired token is refused.
    await f.t.db.managementToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await bearer(token.token)).toBeNull();
  });

  it("can be revoked: the next request with it is refused; an admin cannot revoke an owner's token", async () => {
    const token = await mint(owner, { name: "deploy", role: "admin" });
    const admin = await bearer(token.token);
    expect(admin).toMatchObject({ kind: "token", role: "admin" });
    const ownerToken = await mint(owner, { name: "root", role: "owner" });
    await expect(revokeManagementToken(f.t.db, admin!, ownerToken.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeManagementToken(f.t.db, owner, "no-such-token")).rejects.toMatchObject({ code: "not_found" });

    const revoked = await revokeManagementToken(f.t.db, owner, token.id, "req-revoke");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await bearer(token.token)).toBeNull();
    expect((await revokeManagementToken(f.t.db, owner, token.id)).revokedAt).toEqual(revoked.revokedAt);
    const audit = await listAuditLog(f.t.db, owner, listAuditLogQuerySchema.parse({ entityType: "management_token" }));
    expect(audit.entries.find((e) => e.action === "management_token.revoke")).toMatchObject({ entityId: token.id, requestId: "req-revoke" });
  });

  it("engineer and viewer tokens see only the projects chosen at creation", async () => {
    const viewer = await mint(owner, { name: "dash", role: "viewer", projectIds: [f.projectId] });
    const scoped = (await bearer(viewer.token))!;
    expect((await listProjects(f.t.db, scoped)).map((p) => p.id)).toEqual([f.projectId]);
    await expect(findAccessibleProject(f.t.db, scoped, otherProjectId)).rejects.toMatchObject({ code: "not_found" });
    // Without a list, an engineer token sees no project; an admin token sees every one and takes no list.
    const bare = (await bearer((await mint(owner, { name: "bare", role: "engineer" })).token))!;
    expect(await listProjects(f.t.db, bare)).toEqual([]);
    const admin = (await bearer((await mint(owner, { name: "all", role: "admin" })).token))!;
    expect(await listProjects(f.t.db, admin)).toHaveLength(2);
    await expect(mint(owner, { name: "x", role: "admin", projectIds: [f.projectId] })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(mint(owner, { name: "x", role: "viewer", projectIds: ["not-a-project"] })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("are created only by a signed-in person: a token caller gets 403, so every token traces to someone removal can reach", async () => {
    const ownerToken = (await bearer((await mint(owner, { name: "automation", role: "owner" })).token))!;
    const before = await f.t.db.managementToken.count();
    for (const role of ["owner", "admin", "viewer"] as const) {
      await expect(mint(ownerToken, { name: `minted by a token (${role})`, role })).rejects.toMatchObject({ code: "forbidden", status: 403, message: expect.stringMatching(/signed-in person/) });
    }
    expect(await f.t.db.managementToken.count()).toBe(before);
  });

  it("record lastUsedAt in batches, not on the request", async () => {
    const token = await mint(owner, { name: "used", role: "viewer" });
    expect(await bearer(token.token)).not.toBeNull();
    const row = () => f.t.db.managementToken.findUniqueOrThrow({ where: { id: token.id }, select: { lastUsedAt: true } });
    expect((await row()).lastUsedAt).toBeNull();
    await closeTokenLastUsed();
    expect((await row()).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});

describe("API keys", () => {
  it("record lastUsedAt off the hot path: nothing written per request, written by the next flush", async () => {
    const lastUsed = async () => (await f.t.db.apiKey.findUniqueOrThrow({ where: { id: f.apiKeyId }, select: { lastUsedAt: true } })).lastUsedAt;
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${f.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] }),
      });
      expect(res.status).toBe(200);
    }
    if (Date.now() - started < 1400) expect(await lastUsed()).toBeNull();
    const deadline = Date.now() + 10_000;
    while (!(await lastUsed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await lastUsed())!.getTime()).toBeGreaterThanOrEqual(started - 1000);
  });
});

describe("members", () => {
  it("change role (audited; tokens they made that now outrank them are revoked); only owners touch owners", async () => {
    const ada = await addMember("ada@access.test", "admin");
    const adaPrincipal: Principal = { kind: "user", actor: `user:${ada.id}`, userId: ada.id, email: ada.email, orgId: f.orgId, role: "admin" };
    const adaToken = await mint(adaPrincipal, { name: "ada's", role: "admin" });
    const eve = await addMember("eve@access.test", "engineer");
    await expect(changeMemberRole(f.t.db, adaPrincipal, eve.id, { role: "owner" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(f.t.db, adaPrincipal, owner.userId!, { role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(f.t.db, owner, "nobody", { role: "viewer" })).rejects.toMatchObject({ code: "not_found" });

    const changed = await changeMemberRole(f.t.db, owner, ada.id, { role: "finance" }, "req-role");
    expect(changed).toMatchObject({ role: "finance", revokedTokens: 1 });
    expect(await bearer(adaToken.token)).toBeNull();
    expect((await f.t.db.membership.findFirstOrThrow({ where: { userId: ada.id } })).role).toBe("finance");
    const audit = await listAuditLog(f.t.db, owner, listAuditLogQuerySchema.parse({ entityType: "user" }));
    expect(audit.entries.find((e) => e.action === "member.role_change")).toMatchObject({ entityId: ada.id, before: { role: "admin" }, after: { role: "finance" }, requestId: "req-role" });
  });

  it("a demotion revokes every token not at or below the new role (finance is not below engineer) and trims project scopes to what the member sees", async () => {
    const kim = await addMember("kim@access.test", "admin");
    const kimPrincipal: Principal = { kind: "user", actor: `user:${kim.id}`, userId: kim.id, email: kim.email, orgId: f.orgId, role: "admin" };
    await f.t.db.projectMember.create({ data: { projectId: f.projectId, userId: kim.id } });
    const finance = await mint(kimPrincipal, { name: "kim's finance", role: "finance" });
    const engineer = await mint(kimPrincipal, { name: "kim's engineer", role: "engineer", projectIds: [f.projectId, otherProjectId] });
    const viewer = await mint(kimPrincipal, { name: "kim's viewer", role: "viewer", projectIds: [otherProjectId] });

    // admin -> engineer: the finance token (same old rank, but it edits prices and budgets) goes; the others keep only kim's projects.
    expect(await changeMemberRole(f.t.db, owner, kim.id, { role: "engineer" }, "req-demote")).toMatchObject({ role: "engineer", revokedTokens: 1, trimmedTokens: 2 });
    expect(await bearer(finance.token)).toBeNull();
    const eng = (await bearer(engineer.token))!;
    expect(eng).toMatchObject({ role: "engineer", projectIds: [f.projectId] });
    expect((await listProjects(f.t.db, eng)).map((p) => p.id)).toEqual([f.projectId]);
    const view = (await bearer(viewer.token))!;
    expect(view).toMatchObject({ role: "viewer", projectIds: [] });
    expect(await listProjects(f.t.db, view)).toEqual([]);
    const audit = await listAuditLog(f.t.db, owner, listAuditLogQuerySchema.parse({ entityType: "user" }));
    expect(audit.entries.find((e) => e.requestId === "req-demote")).toMatchObject({ after: { role: "engineer", revokedTokens: 1, trimmedTokens: 2 } });

    // engineer -> finance: the engineer token is not at or below finance either (they are incomparable).
    expect(await changeMemberRole(f.t.db, owner, kim.id, { role: "finance" })).toMatchObject({ revokedTokens: 1, trimmedTokens: 0 });
    expect(await bearer(engineer.token)).toBeNull();
    expect(await bearer(viewer.token)).not.toBeNull();
  });

  it("leaving a project takes it out of the project scope of the tokens an engineer or viewer made", async () => {
    const lee = await addMember("lee@access.test", "admin");
    const leePrincipal: Principal = { kind: "user", actor: `user:${lee.id}`, userId: lee.id, email: lee.email, orgId: f.orgId, role: "admin" };
    await f.t.db.projectMember.createMany({ data: [{ projectId: f.projectId, userId: lee.id }, { projectId: otherProjectId, userId: lee.id }] });
    const token = await mint(leePrincipal, { name: "lee's", role: "viewer", projectIds: [f.projectId, otherProjectId] });
    const untouched = await mint(owner, { name: "owner's", role: "viewer", projectIds: [otherProjectId] });
    expect(await changeMemberRole(f.t.db, owner, lee.id, { role: "viewer" })).toMatchObject({ trimmedTokens: 0 });

    await removeProjectMember(f.t.db, owner, otherProjectId, lee.id);
    expect((await bearer(token.token))!.projectIds).toEqual([f.projectId]);
    expect((await bearer(untouched.token))!.projectIds).toEqual([otherProjectId]);
  });

  it("remove a member: membership, project memberships and their tokens go; the user can be added again", async () => {
    const sam = await addMember("sam@access.test", "admin");
    await f.t.db.projectMember.create({ data: { projectId: f.projectId, userId: sam.id } });
    const samPrincipal: Principal = { kind: "user", actor: `user:${sam.id}`, userId: sam.id, email: sam.email, orgId: f.orgId, role: "admin" };
    const samToken = await mint(samPrincipal, { name: "sam's", role: "viewer", projectIds: [f.projectId] });

    expect(await removeMember(f.t.db, owner, sam.id, "req-remove")).toMatchObject({ removed: true, revokedTokens: 1 });
    expect(await f.t.db.membership.count({ where: { userId: sam.id } })).toBe(0);
    expect(await f.t.db.projectMember.count({ where: { userId: sam.id } })).toBe(0);
    expect(await bearer(samToken.token)).toBeNull();
    expect(await f.t.db.user.count({ where: { email: "sam@access.test" } })).toBe(0);
    const audit = await listAuditLog(f.t.db, owner, listAuditLogQuerySchema.parse({ entityType: "user" }));
    expect(audit.entries.find((e) => e.action === "member.remove")).toMatchObject({ entityId: sam.id, before: { email: "sam@access.test", role: "admin" }, requestId: "req-remove" });
    await expect(removeMember(f.t.db, owner, sam.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("never leave the org without an owner, also when two owners are demoted or removed at once", async () => {
    await expect(changeMemberRole(f.t.db, owner, owner.userId!, { role: "admin" })).rejects.toMatchObject({ code: "conflict", status: 409 });
    await expect(removeMember(f.t.db, owner, owner.userId!)).rejects.toMatchObject({ code: "conflict" });
    for (let round = 0; round < 5; round++) {
      const second = await addMember(`owner${round}@access.test`, "owner");
      // Each owner takes themselves (or the other) away at the same moment: exactly one may succeed.
      const results = await Promise.allSettled([
        changeMemberRole(f.t.db, owner, owner.userId!, { role: "admin" }),
        round % 2 ? removeMember(f.t.db, owner, second.id) : changeMemberRole(f.t.db, owner, second.id, { role: "viewer" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
      const owners = await f.t.db.membership.findMany({ where: { orgId: f.orgId, role: "owner" }, select: { userId: true } });
      expect(owners).toHaveLength(1);
      // Restore: the original owner stays an owner for the next round, the second one leaves.
      if (owners[0]!.userId !== owner.userId) await f.t.db.membership.updateMany({ where: { orgId: f.orgId, userId: owner.userId! }, data: { role: "owner" } });
      await f.t.db.membership.deleteMany({ where: { orgId: f.orgId, userId: second.id } });
    }
  });
});
