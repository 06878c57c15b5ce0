// Issue 12: tags that routing or budgets depend on can be fixed on an API key,
// so a caller cannot route itself around a policy with x-tollgate-tags. Key
// routes are called as Next calls them, with a real database and Redis
// behind them: fixed tags are set on create and changed later by the roles
// that manage the project's keys, refused when malformed, audited, and the
// proxy's key cache (subscribed as the web server subscribes it) hands the
// new tags to the next request.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectDb } from "../../lib/db";
import { LimitRulesCache } from "../../lib/limits/limit-rules";
import { generateSecret } from "../../lib/keys/generate-secret";
import { createLogger, setLogger } from "../../lib/log/logger";
import { ApiKeyCache, KEY_EVENTS_CHANNEL } from "../../lib/proxy/api-key-cache";
import { effectiveTags } from "../../lib/proxy/effective-tags";
import { RoutingCache } from "../../lib/proxy/routing-cache";
import { DeploymentCooldowns } from "../../lib/proxy/deployment-cooldowns";
import { ModelCatalog } from "../../lib/proxy/model-catalog";
import { parseTags } from "../../lib/proxy/parse-tags";
import { subscribeCacheInvalidation } from "../../lib/proxy/subscribe-cache-invalidation";
import { disconnectRedis } from "../../lib/redis";
import { createRedis } from "../../lib/redis/create-redis";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Role = "owner" | "admin" | "finance" | "engineer" | "viewer";
type KeyBody = { id: string; projectId: string; name: string; prefix: string; fixedTags: string[]; key?: string };
type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string }[] } };

let t: TestDatabase;
let orgId: string;
let search: string;
let billing: string;
const tokens = {} as Record<Role, string>;
let subscriber: ReturnType<typeof createRedis>;
let cache: ApiKeyCache;
const keyEvents: string[] = [];
let routes: {
  keys: { GET: Handler; POST: Handler };
  key: { GET: Handler; PATCH: Handler; DELETE: Handler };
  audit: { GET: Handler };
  routingTest: { POST: Handler };
};

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  const redisUrl = new URL(inject("redisUrl"));
  redisUrl.pathname = `/${TEST_REDIS_DBS.apiKeyFixedTags}`;
  Object.assign(process.env, { DATABASE_URL: t.url, REDIS_URL: redisUrl.toString() });
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);

  // The proxy's key cache, invalidated over pub/sub exactly as lib/web/create-web-server.ts wires it.
  cache = new ApiKeyCache(t.db);
  subscriber = createRedis(redisUrl.toString());
  const catalog = new ModelCatalog(t.db, undefined);
  await subscribeCacheInvalidation(subscriber, { keys: cache, catalog, limits: new LimitRulesCache(t.db), routing: new RoutingCache(t.db, catalog), cooldowns: new DeploymentCooldowns(), responseCache: { forgetOrgInMemory() {}, forgetAllInMemory() {} } });
  subscriber.on("message", (channel: string, message: string) => channel === KEY_EVENTS_CHANNEL && keyEvents.push(message));

  orgId = (await t.db.org.create({ data: { name: "Tags Org", slug: "tags-org" } })).id;
  search = (await t.db.project.create({ data: { orgId, name: "Search", slug: "search" } })).id;
  billing = (await t.db.project.create({ data: { orgId, name: "Billing", slug: "billing" } })).id;
  for (const role of ["owner", "admin", "finance", "engineer", "viewer"] as const) {
    const { secret, hashed, prefix } = generateSecret("tgm");
    const projectIds = role === "engineer" || role === "viewer" ? [search] : [];
    await t.db.managementToken.create({ data: { orgId, name: role, role, hashedToken: hashed, prefix, projectIds } });
    tokens[role] = secret;
  }
  routes = {
    keys: await import("../../app/api/manage/v1/projects/[projectId]/keys/route"),
    key: await import("../../app/api/manage/v1/keys/[keyId]/route"),
    audit: await import("../../app/api/manage/v1/audit/route"),
    routingTest: await import("../../app/api/manage/v1/routing/test/route"),
  };
});

afterAll(async () => {
  subscriber?.disconnect();
  disconnectRedis();
  await disconnectDb();
  await t.drop();
});

function call(handler: Handler, path: string, init: { method?: string; body?: unknown; rawBody?: string; role?: Role; params?: Record<string, string> } = {}) {
  const req = new NextRequest(`http://localhost:3000/api/manage/v1${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${tokens[init.role ?? "owner"]}`, "content-type": "application/json", host: "localhost:3000" },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return handler(req, { params: Promise.resolve(init.params ?? {}) });
}

const createKey = (projectId: string, body: unknown, role: Role = "owner") =>
  call(routes.keys.POST, `/projects/${projectId}/keys`, { method: "POST", body, role, params: { projectId } });
const patchKey = (keyId: string, body: unknown, role: Role = "owner", rawBody?: string) =>
  call(routes.key.PATCH, `/keys/${keyId}`, { method: "PATCH", body, rawBody, role, params: { keyId } });
const data = async <T = KeyBody>(res: Response) => ((await res.json()) as { data: T }).data;
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const storedTags = async (keyId: string) => (await t.db.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: { fixedTags: true } })).fixedTags;

/** The next key event on the channel (the cache's own handler, registered first, has run by then). */
async function nextKeyEvent(after: number): Promise<string> {
  const deadline = Date.now() + 5_000;
  while (keyEvents.length <= after) {
    if (Date.now() > deadline) throw new Error("no key event within 5 s");
    await new Promise((r) => setTimeout(r, 10));
  }
  return keyEvents[after]!;
}

describe("fixed tags through the key API", () => {
  it("are set on create, listed, shown in the key's detail and audited", async () => {
    const res = await createKey(search, { name: "search-prod", fixedTags: ["team:search", "env:prod"] });
    expect(res.status).toBe(201);
    const created = await data(res);
    expect(created).toMatchObject({ name: "search-prod", fixedTags: ["team:search", "env:prod"], key: expect.stringMatching(/^tg_/) });

    const listed = await data<KeyBody[]>(await call(routes.keys.GET, `/projects/${search}/keys`, { role: "viewer", params: { projectId: search } }));
    expect(listed.find((k) => k.id === created.id)?.fixedTags).toEqual(["team:search", "env:prod"]);
    const detail = await call(routes.key.GET, `/keys/${created.id}`, { role: "viewer", params: { keyId: created.id } });
    expect(detail.status).toBe(200);
    const shown = await data(detail);
    expect(shown).toMatchObject({ id: created.id, projectId: search, fixedTags: ["team:search", "env:prod"] });
    expect(shown).not.toHaveProperty("hashedKey");

    const audit = await data<{ entries: { action: string; entityId: string; after: unknown }[] }>(await call(routes.audit.GET, "/audit?entityType=api_key"));
    expect(audit.entries.find((e) => e.action === "api_key.create" && e.entityId === created.id)?.after).toMatchObject({ fixedTags: ["team:search", "env:prod"] });

    // Without fixedTags a key has none.
    expect(await data(await createKey(search, { name: "plain" }))).toMatchObject({ fixedTags: [] });
  });

  it("reach the proxy's key cache, and a change is broadcast so the next request carries the new tags", async () => {
    const created = await data(await createKey(search, { name: "cached", fixedTags: ["team:search"] }));
    const authorization = `Bearer ${created.key}`;
    const key = await cache.authenticate(authorization);
    expect(key.fixedTags).toEqual(["team:search"]);
    // What the proxy does with them: the header cannot drop the fixed tag or claim a second team.
    expect(effectiveTags(parseTags("team:ads, feature:rerank"), key.fixedTags)).toEqual(["team:search", "feature:rerank"]);

    const seen = keyEvents.length;
    const res = await patchKey(created.id, { fixedTags: ["team:ads", "cost-center:42"] }, "admin");
    expect(res.status).toBe(200);
    expect(await data(res)).toMatchObject({ id: created.id, fixedTags: ["team:ads", "cost-center:42"] });
    const hashed = await t.db.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { hashedKey: true } });
    expect(await nextKeyEvent(seen)).toBe(hashed.hashedKey);
    expect((await cache.authenticate(authorization)).fixedTags).toEqual(["team:ads", "cost-center:42"]);

    const audit = await data<{ entries: { action: string; entityId: string; actor: string; before: unknown; after: unknown }[] }>(await call(routes.audit.GET, "/audit?entityType=api_key"));
    expect(audit.entries.find((e) => e.action === "api_key.update" && e.entityId === created.id)).toMatchObject({
      actor: expect.stringMatching(/^token:/), before: { fixedTags: ["team:search"] }, after: { fixedTags: ["team:ads", "cost-center:42"] },
    });

    // Clearing them is a change too; sending the same tags again writes and announces nothing.
    expect(await data(await patchKey(created.id, { fixedTags: [] }))).toMatchObject({ fixedTags: [] });
    await nextKeyEvent(seen + 1);
    expect((await cache.authenticate(authorization)).fixedTags).toEqual([]);
    const updates = () => t.db.auditLog.count({ where: { action: "api_key.update", entityId: created.id } });
    const before = await updates();
    expect((await patchKey(created.id, { fixedTags: [] })).status).toBe(200);
    expect(await updates()).toBe(before);
    expect(keyEvents.length).toBe(seen + 2);
  });

  it("apply in \"test a request\" as the proxy applies them", async () => {
    const created = await data(await createKey(search, { name: "routed", fixedTags: ["team:search"] }));
    const res = await call(routes.routingTest.POST, "/routing/test", { method: "POST", role: "viewer", body: { apiKeyId: created.id, tags: ["team:ads", "beta"], body: { model: "gpt-5-mini", messages: [] } } });
    expect(res.status).toBe(201);
    expect((await data<{ request: { tags: string[] } }>(res)).request.tags).toEqual(["team:search", "beta"]);
  });
});

describe("refusing malformed fixed tags", () => {
  let keyId: string;
  beforeAll(async () => {
    keyId = (await data(await createKey(search, { name: "guarded", fixedTags: ["team:search"] }))).id;
  });

  it("outside the x-tollgate-tags alphabet, repeated, or too many: 422 naming the field; nothing saved", async () => {
    const cases: [unknown, string][] = [
      [["team:search", "bad tag"], "fixedTags.1"],
      [["-leading-dash"], "fixedTags.0"],
      [["x".repeat(65)], "fixedTags.0"],
      [["team:search", "env:prod", "team:search"], "fixedTags.2"],
      [Array.from({ length: 11 }, (_, i) => `t${i}`), "fixedTags"],
      ["team:search", "fixedTags"],
    ];
    for (const [fixedTags, field] of cases) {
      const res = await patchKey(keyId, { fixedTags });
      expect(res.status, JSON.stringify(fixedTags)).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("validation_failed");
      expect(error.message.startsWith(`${field}: `), error.message).toBe(true);
      expect(error.details?.[0]?.field).toBe(field);
    }
    const before = await t.db.apiKey.count();
    const created = await createKey(search, { name: "bad", fixedTags: ["ok", "ok"] });
    expect(created.status).toBe(422);
    expect((await errorOf(created)).message).toMatch(/^fixedTags\.1: "ok" is listed twice/);
    expect(await t.db.apiKey.count()).toBe(before);
    expect(await storedTags(keyId)).toEqual(["team:search"]);
  });

  it("a NUL character: refused naming the field, before any schema runs (400, as every management body)", async () => {
    const res = await patchKey(keyId, undefined, "owner", '{"fixedTags":["team:search","te\\u0000am"]}');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "bad_request", message: expect.stringMatching(/^fixedTags\.1: contains a NUL character/), details: [{ field: "fixedTags.1" }] });
    expect(await storedTags(keyId)).toEqual(["team:search"]);
  });

  it("an unknown field or a missing fixedTags: 422", async () => {
    expect((await errorOf(await patchKey(keyId, { fixedTags: [], name: "renamed" }))).code).toBe("validation_failed");
    expect((await errorOf(await patchKey(keyId, {}))).message).toMatch(/^fixedTags: /);
  });
});

describe("who may set fixed tags: owners and admins (budgets and routing depend on them)", () => {
  it("owners and admins; engineers, who hold the project's keys, may create keys but not fix or remove their tags; finance and viewers are refused", async () => {
    const searchKey = (await data(await createKey(search, { name: "roles-search" }))).id;
    const billingKey = (await data(await createKey(billing, { name: "roles-billing" }))).id;
    for (const role of ["owner", "admin"] as const) {
      const res = await patchKey(searchKey, { fixedTags: [`team:${role}`] }, role);
      expect(res.status, role).toBe(200);
      expect(await storedTags(searchKey)).toEqual([`team:${role}`]);
    }
    for (const role of ["engineer", "finance", "viewer"] as const) {
      expect((await patchKey(searchKey, { fixedTags: [] }, role)).status, role).toBe(403);
      expect((await createKey(search, { name: "nope", fixedTags: ["team:x"] }, role)).status, role).toBe(403);
    }
    expect((await createKey(search, { name: "engineer-plain" }, "engineer")).status).toBe(201);
    expect((await createKey(billing, { name: "nope" }, "engineer")).status).toBe(404);
    expect((await call(routes.key.GET, `/keys/${billingKey}`, { role: "viewer", params: { keyId: billingKey } })).status).toBe(404);
    expect(await storedTags(searchKey)).toEqual(["team:admin"]);
    expect(await storedTags(billingKey)).toEqual([]);
  });

  it("a revoked key's tags cannot be changed (409); an unknown key is 404", async () => {
    const keyId = (await data(await createKey(search, { name: "revoked", fixedTags: ["team:search"] }))).id;
    expect((await call(routes.key.DELETE, `/keys/${keyId}`, { method: "DELETE", params: { keyId } })).status).toBe(200);
    const res = await patchKey(keyId, { fixedTags: [] });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toMatch(/revoked/);
    expect(await storedTags(keyId)).toEqual(["team:search"]);
    expect((await patchKey("no-such-key", { fixedTags: [] })).status).toBe(404);
  });
});
