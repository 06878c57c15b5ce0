// The management API through the running app: one wrapper for auth, roles,
// validation and errors; management tokens stored hashed.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { signIn } from "./helpers";

async function dbQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function mintToken(request: APIRequestContext, role: string): Promise<string> {
  const res = await request.post("/api/manage/v1/tokens", { data: { name: `e2e ${role}`, role } });
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
  const viewerToken = await mintToken(page.request, "viewer");
  const adminToken = await mintToken(page.request, "admin");

  // Stored hashed: the secret itself is nowhere in the database.
  const stored = await dbQuery<{ hashed_token: string }>("SELECT hashed_token FROM management_token WHERE prefix = $1", [viewerToken.slice(0, 12)]);
  expect(stored).toEqual([{ hashed_token: createHash("sha256").update(viewerToken).digest("hex") }]);

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = await request.get("/api/manage/v1/me", { headers: as(viewerToken) });
  expect((await me.json()).data).toMatchObject({ kind: "token", role: "viewer" });

  const list = await request.get("/api/manage/v1/projects", { headers: as(viewerToken) });
  expect((await list.json()).data).toHaveLength(5);

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

  const adminCannotMintOwner = await request.post("/api/manage/v1/tokens", { headers: as(adminToken), data: { name: "x", role: "owner" } });
  expect(adminCannotMintOwner.status()).toBe(403);

  const unknownToken = await request.get("/api/manage/v1/me", { headers: as("tgm_not_a_real_token") });
  expect(unknownToken.status()).toBe(401);
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
