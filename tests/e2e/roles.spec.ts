// Every management API operation, read from the OpenAPI document (which a
// unit test ties to the route files on disk, so none can be missed), called
// with a token of every role: roles not listed are refused with 403, listed
// ones are let through (and never get a 5xx for an empty or made-up input).
// Then another org's ids are refused to an owner of this one.
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { signIn } from "./helpers";

const ROLES = ["owner", "admin", "finance", "engineer", "viewer"] as const;

async function mintToken(request: APIRequestContext, role: string): Promise<string> {
  const res = await request.post("/api/manage/v1/tokens", { data: { name: `roles ${role}`, role } });
  expect(res.status()).toBe(201);
  return (await res.json()).data.token;
}

interface Operation { path: string; method: string; roles: string[] }

async function operations(request: APIRequestContext): Promise<Operation[]> {
  const doc = await (await request.get("/api/manage/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  return Object.entries(doc.paths as Record<string, Record<string, { "x-roles": string[] }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), roles: op["x-roles"] })),
  );
}

const call = (request: APIRequestContext, method: string, url: string, token: string) =>
  request.fetch(url, { method, headers: { authorization: `Bearer ${token}` }, ...(["POST", "PUT", "PATCH"].includes(method) ? { data: {} } : {}) });

test("every management operation enforces its roles, and another org's data is refused", async ({ page }) => {
  await signIn(page);
  const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await mintToken(page.request, r)] as const)));
  const ops = await operations(page.request);
  expect(ops.length).toBeGreaterThan(30);

  const failures: string[] = [];
  for (const op of ops) {
    const url = `/api/manage/v1${op.path.replace(/\{\w+\}/g, "made-up-id")}`;
    for (const role of ROLES) {
      const status = (await call(page.request, op.method, url, tokens[role]!)).status();
      const allowed = op.roles.includes(role);
      if (allowed ? status === 401 || status === 403 || status >= 500 : status !== 403) failures.push(`${op.method} ${op.path} as ${role}: ${status} (${allowed ? "allowed" : "not allowed"})`);
    }
  }
  expect(failures).toEqual([]);

  // Another org, written straight to its database: an owner here must not reach any of it.
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  const ids = {
    projectId: "other_project", keyId: "other_key", budgetId: "other_budget", channelId: "other_channel", providerId: "other_provider",
    modelId: "other_model", policyId: "other_policy", eventId: "", userId: "other_user", tokenId: "other_token",
    scenarioId: "other_scenario", resultId: "other_result",
  };
  try {
    await db.query(`INSERT INTO org (id, name, slug, updated_at) VALUES ('other_org', 'Other', 'other-org-roles', now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO project (id, org_id, name, slug, updated_at) VALUES ('other_project', 'other_org', 'Theirs', 'theirs', now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO api_key (id, project_id, name, hashed_key, prefix) VALUES ('other_key', 'other_project', 'theirs', 'other-hash-roles', 'tg_other') ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO budget (id, org_id, name, scope, period, amount_usd, updated_at) VALUES ('other_budget', 'other_org', 'Theirs', 'org', 'month', 10, now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO notification_channel (id, org_id, name, kind) VALUES ('other_channel', 'other_org', 'Theirs', 'in_app') ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO provider (id, org_id, name, kind, vendor, base_url, updated_at) VALUES ('other_provider', 'other_org', 'theirs', 'cloud', 'openai', 'https://example.com/v1', now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO model (id, org_id, alias, tier, updated_at) VALUES ('other_model', 'other_org', 'their-model', 'mid', now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO app_user (id, email, password_hash, updated_at) VALUES ('other_user', 'other-user@roles.test', 'x', now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO membership (id, org_id, user_id, role) VALUES ('other_membership', 'other_org', 'other_user', 'owner') ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO management_token (id, org_id, role, name, hashed_token, prefix) VALUES ('other_token', 'other_org', 'owner', 'theirs', 'other-token-hash-roles', 'tgm_other') ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO rate_limit_policy (id, org_id, scope, updated_at) VALUES ('other_policy', 'other_org', 'key', now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO scenario (id, org_id, name, rules, range_start, range_end) VALUES ('other_scenario', 'other_org', 'Theirs', '{}', now(), now()) ON CONFLICT DO NOTHING`);
    await db.query(`INSERT INTO scenario_result (id, scenario_id) VALUES ('other_result', 'other_scenario') ON CONFLICT DO NOTHING`);
    const event = await db.query(`INSERT INTO usage_event (request_id, occurred_at, org_id, project_id, endpoint, requested_model, served_model, latency_ms, status, http_status)
      VALUES ('other_req_roles', now(), 'other_org', 'other_project', '/v1/chat/completions', 'm', 'm', 1, 'ok', 200) ON CONFLICT DO NOTHING RETURNING id`);
    ids.eventId = String(event.rows[0]?.id ?? (await db.query(`SELECT id FROM usage_event WHERE request_id = 'other_req_roles'`)).rows[0].id);
  } finally {
    await db.end();
  }
  const leaks: string[] = [];
  for (const op of ops.filter((o) => o.path.includes("{"))) {
    const url = `/api/manage/v1${op.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name as keyof typeof ids])}`;
    const status = (await call(page.request, op.method, url, tokens.owner!)).status();
    // Bodies are empty, so writes may stop at validation (422) before the lookup; nothing may succeed.
    if (status < 400 || status >= 500) leaks.push(`${op.method} ${op.path}: ${status}`);
    if (op.method === "GET" && status !== 404) leaks.push(`${op.method} ${op.path}: ${status}, expected 404`);
  }
  expect(leaks).toEqual([]);
});
