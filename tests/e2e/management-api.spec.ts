// The management API through the running app: one wrapper for auth, roles,
// validation and errors; management tokens stored hashed.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { addMember, signIn } from "./helpers";

async function dbQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function mintToken(request: APIRequestContext, role: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await request.post("/api/manage/v1/tokens", { data: { name: `e2e ${role}`, role, ...extra } });
  expect(res.status()).toBe(201);
  const body = await res.json();
  expect(body.data.token).toMatch(/^tgm_/);
  return body.data.token;
}

test("management API: auth, roles, validation and audit", async ({ page, request }) => {
  const anonymous = await request.get("/api/manage/v1/me");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error).toMatchObject({ code: "unauthorized" });
  expect(anonymous.headers()["x-request-id"]).toBeTruthy();

  await signIn(page);
  // A viewer token sees the projects chosen for it, like a signed-in viewer sees their projects.
  const allProjects = (await (await page.request.get("/api/manage/v1/projects")).json()).data as { id: string }[];
  // The five demo projects and Benchmarks (where benchmark runs are metered).
  expect(allProjects).toHaveLength(6);
  const viewerToken = await mintToken(page.request, "viewer", { projectIds: allProjects.slice(0, 2).map((p) => p.id) });
  const adminToken = await mintToken(page.request, "admin");

  // Stored hashed: the secret itself is nowhere in the database.
  const stored = await dbQuery<{ hashed_token: string }>("SELECT hashed_token FROM management_token WHERE prefix = $1", [viewerToken.slice(0, 12)]);
  expect(stored).toEqual([{ hashed_token: createHash("sha256").update(viewerToken).digest("hex") }]);

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = await request.get("/api/manage/v1/me", { headers: as(viewerToken) });
  expect((await me.json()).data).toMatchObject({ kind: "token", role: "viewer" });

  const list = await request.get("/api/manage/v1/projects", { headers: as(viewerToken) });
  expect(((await list.json()).data as { id: string }[]).map((p) => p.id).sort()).toEqual(allProjects.slice(0, 2).map((p) => p.id).sort());
  const hidden = await request.get(`/api/manage/v1/usage/events?projectId=${allProjects[4]!.id}`, { headers: as(viewerToken) });
  expect(hidden.status()).toBe(404);

  const forbidden = await request.post("/api/manage/v1/projects", { headers: as(viewerToken), data: { name: "Nope" } });
  expect(forbidden.status()).toBe(403);
  expect((await forbidden.json()).error.code).toBe("forbidden");
  expect((await request.get("/api/manage/v1/tokens", { headers: as(viewerToken) })).status()).toBe(403);

  const badJson = await request.post("/api/manage/v1/projects", { headers: { ...as(adminToken), "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(badJson.status()).toBe(400);
  expect((await badJson.json()).error.code).toBe("bad_request");

  const invalid = await request.post("/api/manage/v1/projects", { headers: as(adminToken), data: { name: "" } });
  expect(invalid.status()).toBe(422);
  expect((await invalid.json()).error.message).toMatch(/^name: /);

  const created = await request.post("/api/manage/v1/projects", { headers: as(adminToken), data: { name: "Fraud Review" } });
  expect(created.status()).toBe(201);
  const project = (await created.json()).data;
  expect(project).toMatchObject({ name: "Fraud Review", slug: "fraud-review" });
  const duplicate = await request.post("/api/manage/v1/projects", { headers: as(adminToken), data: { name: "Fraud Review" } });
  expect(duplicate.status()).toBe(409);

  const audit = await dbQuery<{ actor: string; action: string; after: { slug: string } }>(
    "SELECT actor, action, after FROM audit_log WHERE entity_id = $1",
    [project.id],
  );
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ action: "project.create", after: { slug: "fraud-review" } });
  expect(audit[0]!.actor).toMatch(/^token:/);

  // Only a signed-in person mints tokens (every token traces to a member whose removal withdraws it).
  for (const role of ["owner", "viewer"]) {
    const byToken = await request.post("/api/manage/v1/tokens", { headers: as(adminToken), data: { name: "x", role } });
    expect(byToken.status()).toBe(403);
    expect((await byToken.json()).error.message).toMatch(/signed-in person/);
  }

  const unknownToken = await request.get("/api/manage/v1/me", { headers: as("tgm_not_a_real_token") });
  expect(unknownToken.status()).toBe(401);
});

test("access can be withdrawn: tokens are revoked and expire, members change role or leave, in the API and the UI", async ({ page, request }) => {
  await signIn(page);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  // API: a token has a default expiry, records its last use in batches, and stops working once revoked.
  const created = await page.request.post("/api/manage/v1/tokens", { data: { name: "to revoke", role: "admin" } });
  const token = (await created.json()).data as { id: string; token: string; expiresAt: string };
  expect(new Date(token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
  expect((await request.get("/api/manage/v1/me", { headers: as(token.token) })).status()).toBe(200);
  const revoked = await page.request.delete(`/api/manage/v1/tokens/${token.id}`);
  expect(revoked.status()).toBe(200);
  expect((await revoked.json()).data.revokedAt).toBeTruthy();
  const after = await request.get("/api/manage/v1/me", { headers: as(token.token) });
  expect(after.status()).toBe(401);

  // API: a member's role changes at once (their session re-reads it), the last owner cannot be demoted, removal ends access.
  const member = await addMember(page, "viewer");
  const owners = await dbQuery<{ user_id: string }>("SELECT m.user_id FROM membership m JOIN org o ON o.id = m.org_id WHERE o.slug = 'acme' AND m.role = 'owner'");
  expect(owners).toHaveLength(1);
  const lastOwner = await page.request.patch(`/api/manage/v1/members/${owners[0]!.user_id}`, { data: { role: "admin" } });
  expect(lastOwner.status()).toBe(409);
  expect((await lastOwner.json()).error.code).toBe("conflict");
  expect((await page.request.patch(`/api/manage/v1/members/${member.id}`, { data: { role: "finance" } })).status()).toBe(200);
  const audit = await dbQuery<{ action: string; before: { role: string }; after: { role: string } }>("SELECT action, before, after FROM audit_log WHERE entity_id = $1 AND action = 'member.role_change'", [member.id]);
  expect(audit).toEqual([expect.objectContaining({ before: { role: "viewer" }, after: expect.objectContaining({ role: "finance" }) })]);

  // UI: the Access page changes a role, removes a member and revokes a token.
  const uiToken = await mintToken(page.request, "engineer");
  await page.getByRole("link", { name: "Members and tokens" }).click();
  await expect(page.getByRole("heading", { name: "Members and tokens" })).toBeVisible();
  await page.getByLabel(`Role of ${member.email}`).selectOption("engineer");
  await expect.poll(async () => (await dbQuery<{ role: string }>("SELECT role FROM membership WHERE user_id = $1", [member.id]))[0]?.role).toBe("engineer");
  await page.getByRole("row", { name: new RegExp(member.email) }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("row", { name: new RegExp(member.email) })).toHaveCount(0);
  expect(await dbQuery("SELECT 1 FROM membership WHERE user_id = $1", [member.id])).toEqual([]);
  const tokenRow = page.getByTestId("tokens").getByRole("row", { name: /e2e engineer/ }).first();
  await tokenRow.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(tokenRow.getByText("revoked")).toBeVisible();
  expect((await request.get("/api/manage/v1/me", { headers: as(uiToken) })).status()).toBe(401);
});

test("DATABASE_URL and REDIS_URL are honoured: data and queues live on the external services", async ({ request }) => {
  // Nothing embedded was started in the data dir.
  const dataDir = process.env.E2E_DATA_DIR!;
  expect(existsSync(path.join(dataDir, "pglite"))).toBe(false);
  expect(existsSync(path.join(dataDir, "redis"))).toBe(false);
  const orgs = await dbQuery<{ slug: string }>("SELECT slug FROM org");
  expect(orgs).toEqual([{ slug: "acme" }]);

  // A usage event queued on the external Redis is drained by the running worker into the external Postgres.
  const org = await dbQuery<{ id: string; project_id: string }>("SELECT o.id, p.id AS project_id FROM org o JOIN project p ON p.org_id = o.id LIMIT 1");
  const connection = new Redis(process.env.E2E_REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue("usage-ingest", { connection });
  const events = new QueueEvents("usage-ingest", { connection: connection.duplicate() });
  await events.waitUntilReady();
  const requestId = `e2e_${Date.now()}`;
  const job = await queue.add("usage-ingest", {
    events: [{
      requestId, occurredAt: new Date().toISOString(), orgId: org[0]!.id, projectId: org[0]!.project_id, endpoint: "/v1/chat/completions",
      requestedModel: "gpt-5-mini", servedModel: "gpt-5-mini", tier: "economy", inputTokens: 10, outputTokens: 5, costUsd: "0.000012500",
      latencyMs: 100, status: "ok", httpStatus: 200,
    }],
  });
  expect(await job.waitUntilFinished(events, 30_000)).toEqual({ inserted: 1, duplicates: 0 });
  await events.close();
  await queue.close();
  connection.disconnect();
  expect(await dbQuery("SELECT cost_usd::text AS cost FROM usage_event WHERE request_id = $1", [requestId])).toEqual([{ cost: "0.000012500" }]);

  const health = await request.get("/api/health");
  expect(await health.json()).toEqual({ ok: true, postgres: true, redis: true });
});
