// What a client can send the management API: hostile bodies (deep nesting,
// strings Postgres cannot store), duplicates caught only by a unique index,
// and cross-site writes riding on a session cookie. The route handlers are
// called as Next calls them, with a real database behind them.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectDb } from "../../lib/db";
import { generateSecret } from "../../lib/keys/generate-secret";
import { createLogger, setLogger } from "../../lib/log/logger";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let t: TestDatabase;
let ownerToken: string;
let providerId: string;
let routes: { projects: { POST: Handler }; models: { POST: Handler }; budgets: { POST: Handler }; tokens: { POST: Handler }; audit: { GET: Handler } };

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_URL = inject("redisUrl");
  // The route wrapper reads the web env (as the running app does, validated at start-up).
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);
  const org = await t.db.org.create({ data: { name: "Input Org", slug: "input-org" } });
  const { secret, hashed, prefix } = generateSecret("tgm");
  await t.db.managementToken.create({ data: { orgId: org.id, name: "owner", role: "owner", hashedToken: hashed, prefix } });
  ownerToken = secret;
  providerId = (await t.db.provider.create({ data: { orgId: org.id, name: "local", kind: "local", vendor: "vllm", baseUrl: "http://127.0.0.1:9/v1" }, select: { id: true } })).id;
  routes = {
    projects: await import("../../app/api/manage/v1/projects/route"),
    models: await import("../../app/api/manage/v1/models/route"),
    budgets: await import("../../app/api/manage/v1/budgets/route"),
    tokens: await import("../../app/api/manage/v1/tokens/route"),
    audit: await import("../../app/api/manage/v1/audit/route"),
  };
});

afterAll(async () => {
  await disconnectDb();
  await t.drop();
});

function call(handler: Handler, path: string, init: { body?: string; headers?: Record<string, string>; method?: string } = {}) {
  const headers = Object.entries({ authorization: `Bearer ${ownerToken}`, "content-type": "application/json", host: "localhost:3000", ...init.headers }).filter(([, v]) => v !== "");
  const req = new NextRequest(`http://localhost:3000/api/manage/v1${path}`, { method: init.method ?? "POST", headers, body: init.body });
  return handler(req, { params: Promise.resolve({}) });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

describe("management API bodies", () => {
  it("answers JSON nested 10,000 levels deep with 400, not 500", async () => {
    const deep = `{"name":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const res = await call(routes.projects.POST, "/projects", { body: deep });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/nested more than 64 levels/);
  });

  it("refuses a NUL character or a lone surrogate in any string with 400 naming the field", async () => {
    const nul = await call(routes.projects.POST, "/projects", { body: JSON.stringify({ name: "Fraud\u0000Review" }) });
    expect(nul.status).toBe(400);
    expect(await errorOf(nul)).toMatchObject({ code: "bad_request", message: expect.stringMatching(/^name: contains a NUL character/), details: [{ field: "name" }] });

    const surrogate = await call(routes.budgets.POST, "/budgets", { body: '{"name":"Cap \\ud800","scope":"tag","tag":"team","period":"day","amountUsd":"5"}' });
    expect(surrogate.status).toBe(400);
    expect((await errorOf(surrogate)).message).toMatch(/^name: .*unpaired surrogate/);

    const tag = await call(routes.budgets.POST, "/budgets", { body: '{"name":"Cap","scope":"tag","tag":"te\\u0000am","period":"day","amountUsd":"5"}' });
    expect(tag.status).toBe(400);
    expect((await errorOf(tag)).message).toMatch(/^tag: /);
    expect(await t.db.budget.count()).toBe(0);
    expect(await t.db.project.count()).toBe(0);
  });

  it("refuses a NUL in a query parameter with 400 naming it, and an audit cursor past bigint with 422", async () => {
    const nul = await call(routes.audit.GET, "/audit?action=project.create%00x", { method: "GET" });
    expect(nul.status).toBe(400);
    expect(await errorOf(nul)).toMatchObject({ code: "bad_request", message: expect.stringMatching(/^action: contains a NUL character/), details: [{ field: "action" }] });
    const past = await call(routes.audit.GET, "/audit?cursor=9999999999999999999", { method: "GET" });
    expect(past.status).toBe(422);
    expect(await errorOf(past)).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ field: "cursor" })] });
    expect((await call(routes.audit.GET, "/audit?cursor=9223372036854775807", { method: "GET" })).status).toBe(422);
  });

  it("answers a deployment that already exists with 409 naming the fields", async () => {
    const model = (alias: string) => JSON.stringify({ alias, deployments: [{ providerId, upstreamModel: "llama-3" }] });
    expect((await call(routes.models.POST, "/models", { body: model("llama-a") })).status).toBe(201);
    const again = await call(routes.models.POST, "/models", { body: model("llama-b") });
    expect(again.status).toBe(409);
    const error = await errorOf(again);
    expect(error.code).toBe("conflict");
    expect(error.message).toBe("A deployment with the same providerId, upstreamModel already exists");
    expect(error.message).not.toMatch(/deployment_provider|constraint|prisma/i);
  });
});

describe("session writes (CSRF)", () => {
  const noBearer = { authorization: "" };

  it("refuses a cross-site text/plain POST that would ride on the session cookie", async () => {
    const body = JSON.stringify({ name: "stolen", role: "owner" });
    const res = await call(routes.tokens.POST, "/tokens", { body, headers: { ...noBearer, origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/Cross-site request refused/);
    const noOrigin = await call(routes.tokens.POST, "/tokens", { body, headers: { ...noBearer, "content-type": "application/json" } });
    expect(noOrigin.status).toBe(403);
    const sameSiteButText = await call(routes.tokens.POST, "/tokens", { body, headers: { ...noBearer, origin: "http://localhost:3000", "sec-fetch-site": "same-origin", "content-type": "text/plain", "content-length": String(body.length) } });
    expect(sameSiteButText.status).toBe(415);
    expect(await t.db.managementToken.count()).toBe(1);
  });

  it("does not affect bearer-token calls, whatever their origin and content type", async () => {
    const bearer = await call(routes.projects.POST, "/projects", { body: JSON.stringify({ name: "From CI" }), headers: { origin: "https://elsewhere.example", "content-type": "text/plain" } });
    expect(bearer.status).toBe(201);
  });
});

describe("management tokens", () => {
  it("are not created by a token caller (403 with a clear message): only a signed-in person mints them", async () => {
    const res = await call(routes.tokens.POST, "/tokens", { body: JSON.stringify({ name: "ci", role: "viewer" }) });
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe("forbidden");
    expect(error.message).toMatch(/signed-in person/);
    expect(await t.db.managementToken.count()).toBe(1);
  });
});
