// The routing policy API as a careless or hostile client meets it: an
// unknown model, a split not summing to 100, a fallback that loops or
// repeats, a local-first on a cloud model are refused with 422 naming the
// rule and field, and nothing is saved; a valid policy is saved, audited and
// announced to the proxies; "test a request" answers the rule, the targets
// in order and the ones skipped (a context window too small) without
// calling any upstream. Route handlers are called as Next calls them, with
// a real database and Redis behind them.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectDb } from "../../lib/db";
import { generateSecret } from "../../lib/keys/generate-secret";
import { createLogger, setLogger } from "../../lib/log/logger";
import { disconnectRedis } from "../../lib/redis";
import { createRedis } from "../../lib/redis/create-redis";
import { ROUTING_EVENTS_CHANNEL } from "../../lib/routing/publish-routing-change";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string; ruleId?: string }[] } };

let t: TestDatabase;
let orgId: string;
let projectA: string;
let projectB: string;
let keyA: string;
const tokens: Record<string, string> = {};
const published: string[] = [];
let subscriber: ReturnType<typeof createRedis>;
let routes: {
  policies: { GET: Handler; POST: Handler };
  policy: { GET: Handler; PATCH: Handler; DELETE: Handler };
  test: { POST: Handler };
};

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  const redisUrl = new URL(inject("redisUrl"));
  redisUrl.pathname = `/${TEST_REDIS_DBS.routingPolicies}`;
  Object.assign(process.env, { DATABASE_URL: t.url, REDIS_URL: redisUrl.toString() });
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);
  subscriber = createRedis(redisUrl.toString());
  // Pub/sub spans every database of the Redis server: other files' orgs announce on this channel too.
  subscriber.on("message", (channel: string, message: string) => channel === ROUTING_EVENTS_CHANNEL && message === orgId && published.push(message));
  await subscriber.subscribe(ROUTING_EVENTS_CHANNEL);

  orgId = (await t.db.org.create({ data: { name: "Routing Org", slug: "routing-org" } })).id;
  projectA = (await t.db.project.create({ data: { orgId, name: "Search", slug: "search" } })).id;
  projectB = (await t.db.project.create({ data: { orgId, name: "Billing", slug: "billing" } })).id;
  keyA = (await t.db.apiKey.create({ data: { projectId: projectA, name: "search-prod", hashedKey: "h-search-prod", prefix: "tg_" } })).id;
  for (const [role, projectIds] of [["owner", []], ["engineer", [projectA]], ["viewer", [projectA]]] as const) {
    const { secret, hashed, prefix } = generateSecret("tgm");
    await t.db.managementToken.create({ data: { orgId, name: role, role, hashedToken: hashed, prefix, projectIds: [...projectIds] } });
    tokens[role] = secret;
  }
  const cloud = await t.db.provider.create({ data: { orgId, name: "openai", kind: "cloud", vendor: "openai", baseUrl: "http://127.0.0.1:9/v1" } });
  const local = await t.db.provider.create({ data: { orgId, name: "ollama", kind: "local", vendor: "ollama", baseUrl: "http://127.0.0.1:9/v1" } });
  const addModel = async (alias: string, contextWindow: number, providerId: string, isLocal = false) => {
    await t.db.model.create({
      data: {
        orgId, alias, contextWindow, isLocal, tier: "economy",
        deployments: { create: { providerId, upstreamModel: alias } },
        prices: { create: { effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0.25", outputPerMTok: "2" } },
      },
    });
  };
  await addModel("gpt-5-mini", 128_000, cloud.id);
  await addModel("gpt-5-nano", 16_000, cloud.id);
  await addModel("claude-haiku-4.5", 200_000, cloud.id);
  await addModel("qwen-0.6b", 32_000, local.id, true);

  routes = {
    policies: await import("../../app/api/manage/v1/routing/policies/route"),
    policy: await import("../../app/api/manage/v1/routing/policies/[policyId]/route"),
    test: await import("../../app/api/manage/v1/routing/test/route"),
  };
});

afterAll(async () => {
  subscriber?.disconnect();
  disconnectRedis();
  await disconnectDb();
  await t.drop();
});

function call(handler: Handler, path: string, init: { body?: unknown; method?: string; role?: string; params?: Record<string, string> } = {}) {
  const req = new NextRequest(`http://localhost:3000/api/manage/v1${path}`, {
    method: init.method ?? "POST",
    headers: { authorization: `Bearer ${tokens[init.role ?? "owner"]}`, "content-type": "application/json", host: "localhost:3000" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return handler(req, { params: Promise.resolve(init.params ?? {}) });
}

async function refused(res: Response) {
  expect(res.status).toBe(422);
  return ((await res.json()) as ErrorBody).error;
}

const create = (body: unknown, role = "owner") => call(routes.policies.POST, "/routing/policies", { body, role });
const savedCount = () => t.db.routingPolicy.count({ where: { orgId } });
const oneRule = (id: string, action: unknown, match: unknown = {}) => ({ name: "Routing", rules: [{ id: "first", action: { kind: "route", model: "gpt-5-mini" } }, { id, match, action }] });

describe("refusing invalid policies with 422 naming the rule and field", () => {
  it("an unknown model", async () => {
    const error = await refused(await create(oneRule("cheap-split", { kind: "split", targets: [{ model: "gpt-5-mini", percent: 50 }, { model: "gpt-9-ultra", percent: 50 }] })));
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe('rules.1.action.targets.1.model: rule "cheap-split": no model "gpt-9-ultra" in this org\'s catalog');
    expect(error.details).toEqual([{ field: "rules.1.action.targets.1.model", message: expect.any(String), ruleId: "cheap-split" }]);
  });

  it("a split that does not sum to 100", async () => {
    const error = await refused(await create(oneRule("ab", { kind: "split", targets: [{ model: "gpt-5-mini", percent: 60 }, { model: "gpt-5-nano", percent: 30 }] })));
    expect(error.message).toBe('rules.1.action.targets: rule "ab": split percents must sum to 100 (they sum to 90)');
  });

  it("a fallback chain that loops back to a model, or repeats one", async () => {
    const cycle = await refused(await create(oneRule("chain", { kind: "fallback", models: ["gpt-5-mini", "gpt-5-nano", "gpt-5-mini"] })));
    expect(cycle.message).toMatch(/^rules\.1\.action\.models\.2: rule "chain": "gpt-5-mini" already appears at models\[0\]/);
    const repeat = await refused(await create(oneRule("twice", { kind: "cascade", models: ["gpt-5-nano", "gpt-5-nano"], escalateOn: ["invalid-json"] })));
    expect(repeat.message).toMatch(/^rules\.1\.action\.models\.1: rule "twice": /);
  });

  it("a local-first whose local target is a cloud model", async () => {
    const error = await refused(await create(oneRule("burst", { kind: "local-first", local: { model: "gpt-5-nano", maxConcurrent: 4 }, cloud: "gpt-5-mini" })));
    expect(error.message).toMatch(/^rules\.1\.action\.local\.model: rule "burst": "gpt-5-nano" is not a local model/);
  });

  it("a fallback target too small for every request the rule matches, and a project the org does not have", async () => {
    const small = await refused(await create(oneRule("long", { kind: "fallback", models: ["claude-haiku-4.5", "gpt-5-nano"] }, { minInputTokens: 50_000 })));
    expect(small.message).toMatch(/^rules\.1\.action\.models\.1: rule "long": "gpt-5-nano" holds 16000 tokens/);
    const project = await refused(await create(oneRule("other-org", { kind: "route", model: "gpt-5-mini" }, { projectIds: ["not-ours"] })));
    expect(project.message).toBe('rules.1.match.projectIds.0: rule "other-org": no project "not-ours" in this org');
  });

  it("saves nothing and announces nothing for any of them", async () => {
    expect(await savedCount()).toBe(0);
    expect(await t.db.auditLog.count({ where: { orgId, entityType: "routing_policy" } })).toBe(0);
    expect(published).toEqual([]);
  });
});

describe("saving, editing and testing policies", () => {
  let policyId: string;

  it("saves a valid policy, audits it and tells the proxies", async () => {
    const body = {
      name: "Search routing",
      projectId: projectA,
      rules: [
        { id: "long-prompts", match: { minInputTokens: 10_000 }, action: { kind: "fallback", models: ["gpt-5-nano", "gpt-5-mini", "claude-haiku-4.5"] } },
        { id: "json", match: { needs: { jsonMode: true } }, action: { kind: "cascade", models: ["gpt-5-nano", "gpt-5-mini"], escalateOn: ["invalid-json", { check: { type: "is-json" } }] } },
        { id: "default", action: { kind: "local-first", local: { model: "qwen-0.6b", maxConcurrent: 2 }, cloud: "gpt-5-mini" } },
      ],
    };
    const res = await create(body, "engineer");
    expect(res.status, await res.clone().text()).toBe(201);
    const saved = ((await res.json()) as { data: { id: string; mode: string; priority: number; projectName: string; rules: { id: string }[] } }).data;
    expect(saved).toMatchObject({ mode: "enforce", priority: 0, projectName: "Search" });
    expect(saved.rules.map((r) => r.id)).toEqual(["long-prompts", "json", "default"]);
    policyId = saved.id;
    const audit = await t.db.auditLog.findMany({ where: { orgId, entityType: "routing_policy" }, select: { action: true, entityId: true, actor: true, after: true } });
    expect(audit).toEqual([{ action: "routing_policy.create", entityId: policyId, actor: expect.stringMatching(/^token:/), after: expect.objectContaining({ name: "Search routing" }) }]);
    await expect.poll(() => published).toEqual([orgId]);
  });

  it("the test endpoint returns the matching rule, its candidates, and skips a context window too small", async () => {
    const longPrompt = "word ".repeat(25_000);
    const res = await call(routes.test.POST, "/routing/test", { role: "viewer", body: { apiKeyId: keyA, body: { model: "gpt-5-mini", messages: [{ role: "user", content: longPrompt }] } } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { request: { projectId: string; estimatedInputTokens: number }; decision: Record<string, unknown> } };
    expect(data.request.projectId).toBe(projectA);
    expect(data.request.estimatedInputTokens).toBeGreaterThan(16_000);
    expect(data.decision).toMatchObject({ policyId, ruleId: "long-prompts", action: "fallback", candidates: ["gpt-5-mini", "claude-haiku-4.5"], skipped: [{ model: "gpt-5-nano", reason: "context-too-small" }] });

    const short = await call(routes.test.POST, "/routing/test", { body: { projectId: projectA, body: { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] }, state: { localInFlight: { "qwen-0.6b": 2 } } } });
    expect(((await short.json()) as { data: { decision: unknown } }).data.decision).toMatchObject({
      ruleId: "default", candidates: ["gpt-5-mini"], skipped: [{ model: "qwen-0.6b", reason: "local-at-capacity" }], localFirst: { bursting: true },
    });

    // A size given instead of a long prompt: the same skip, without pasting 20,000 tokens.
    const sized = await call(routes.test.POST, "/routing/test", { body: { apiKeyId: keyA, estimatedInputTokens: 20_000, body: { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] } } });
    expect(((await sized.json()) as { data: { request: unknown; decision: unknown } }).data).toMatchObject({
      request: { estimatedInputTokens: 20_000 }, decision: { ruleId: "long-prompts", skipped: [{ model: "gpt-5-nano", reason: "context-too-small" }] },
    });

    const otherProject = await call(routes.test.POST, "/routing/test", { body: { projectId: projectB, body: { model: "gpt-5-mini", messages: [] } } });
    expect(((await otherProject.json()) as { data: { decision: unknown } }).data.decision).toMatchObject({ ruleId: null, action: "default", candidates: ["gpt-5-mini"] });
  });

  it("keeps engineers to their projects, org-wide policies to owners and admins, and viewers to reading", async () => {
    expect((await create({ name: "Org", rules: [] }, "engineer")).status).toBe(403);
    expect((await create({ name: "Billing", projectId: projectB, rules: [] }, "engineer")).status).toBe(404);
    expect((await create({ name: "Search 2", projectId: projectA, rules: [] }, "viewer")).status).toBe(403);
    const list = await call(routes.policies.GET, "/routing/policies", { method: "GET", role: "viewer" });
    expect(((await list.json()) as { data: { id: string }[] }).data.map((p) => p.id)).toEqual([policyId]);
    expect((await call(routes.test.POST, "/routing/test", { role: "viewer", body: { projectId: projectB, body: { model: "gpt-5-mini" } } })).status).toBe(404);
  });

  it("re-validates changed rules, and lets a policy be disabled whatever the catalog did since", async () => {
    const bad = await call(routes.policy.PATCH, `/routing/policies/${policyId}`, { method: "PATCH", params: { policyId }, body: { rules: [{ id: "r", action: { kind: "route", model: "gone" } }] } });
    expect((await refused(bad)).message).toBe('rules.0.action.model: rule "r": no model "gone" in this org\'s catalog');
    await t.db.model.delete({ where: { orgId_alias: { orgId, alias: "qwen-0.6b" } } });
    const off = await call(routes.policy.PATCH, `/routing/policies/${policyId}`, { method: "PATCH", params: { policyId }, body: { enabled: false } });
    expect(off.status).toBe(200);
    const on = await call(routes.policy.PATCH, `/routing/policies/${policyId}`, { method: "PATCH", params: { policyId }, body: { enabled: true } });
    expect((await refused(on)).message).toMatch(/^rules\.2\.action\.local\.model: rule "default": no model "qwen-0\.6b"/);
    const got = await call(routes.policy.GET, `/routing/policies/${policyId}`, { method: "GET", params: { policyId } });
    expect(((await got.json()) as { data: { enabled: boolean } }).data.enabled).toBe(false);
  });

  it("deletes, audited", async () => {
    const res = await call(routes.policy.DELETE, `/routing/policies/${policyId}`, { method: "DELETE", role: "engineer", params: { policyId } });
    expect(res.status).toBe(200);
    expect(await savedCount()).toBe(0);
    const actions = await t.db.auditLog.findMany({ where: { orgId, entityType: "routing_policy" }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["routing_policy.create", "routing_policy.update", "routing_policy.delete"]);
    expect((await call(routes.policy.GET, `/routing/policies/${policyId}`, { method: "GET", params: { policyId } })).status).toBe(404);
  });
});
