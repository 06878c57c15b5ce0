// Routing on the proxy's real path (real Postgres, Redis, usage consumer;
// fake upstreams are real HTTP servers): fallbacks on 5xx, 429 and dead
// upstreams but never on the caller's 4xx; each attempt its own usage row,
// priced as the model that served it; targets too small skipped before they
// are tried; streams failing over only before their first byte; a pricier
// fallback refused by the budget; cool-downs; shadow policies; a cascade;
// sticky splits; local-first with cloud burst counted across two proxy
// instances; and a policy change reaching the proxy within a second.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { encryptSecret } from "../../lib/crypto/secret-box";
import { createLogger } from "../../lib/log/logger";
import { policyInputSchema } from "../../lib/routing/policy-schema";
import { createRoutingPolicy, updateRoutingPolicy } from "../../lib/routing/manage-routing-policies";
import type { RouteRecord } from "../../lib/routing/route-record";
import { createWebServer, type WebServer } from "../../lib/web/create-web-server";
import { LocalSlots } from "../../lib/proxy/local-slots";
import { createRedis } from "../../lib/redis/create-redis";
import { addBudget, counterSpentNano, systemPrincipal } from "../support/budget-helpers";
import { createApiKey } from "../../lib/keys/create-api-key";
import { createProxyOrg } from "../support/create-proxy-org";
import { usdToNano } from "../../lib/money/nano-usd";
import { resolveDashboardScope } from "../../lib/dashboard/dashboard-scope";
import { readRoutingStats, routingStatsFilterSchema } from "../../lib/routing/read-routing-stats";
import { startFakeUpstream, type FakeUpstream } from "../support/fake-upstream";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
const SLOT_LEASE_MS = 1000;
let backup: FakeUpstream;
let local: FakeUpstream;
const policyIds: string[] = [];

async function addModel(alias: string, upstream: FakeUpstream, opts: { contextWindow?: number; isLocal?: boolean; inputPerMTok?: string; outputPerMTok?: string; providerName?: string } = {}) {
  const provider = await f.t.db.provider.create({
    data: { orgId: f.orgId, name: opts.providerName ?? `p-${alias}`, vendor: "openai", kind: opts.isLocal ? "local" : "cloud", baseUrl: upstream.url, encryptedCredential: encryptSecret("sk-x", Buffer.from(f.encryptionKey, "base64")) },
  });
  const model = await f.t.db.model.create({ data: { orgId: f.orgId, alias, tier: "economy", contextWindow: opts.contextWindow ?? null, isLocal: opts.isLocal ?? false } });
  await f.t.db.modelPrice.create({ data: { modelId: model.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: opts.inputPerMTok ?? "1", cachedInputPerMTok: "0", outputPerMTok: opts.outputPerMTok ?? "4" } });
  const deployment = await f.t.db.deployment.create({ data: { providerId: provider.id, modelId: model.id, upstreamModel: `${alias}-upstream` } });
  await f.redis.publish("tollgate:catalog:changed", f.orgId); // as the catalog API does
  return deployment;
}

/** Replaces every routing policy of the org with this one (published, so the proxy rebuilds). */
async function usePolicy(rules: unknown[], extra: Record<string, unknown> = {}) {
  for (const id of policyIds.splice(0)) await f.t.db.routingPolicy.delete({ where: { id } });
  const created = await createRoutingPolicy(f.t.db, f.redis, systemPrincipal(f.orgId), policyInputSchema.parse({ name: "test policy", rules, ...extra }));
  policyIds.push(created.id);
  await new Promise((r) => setTimeout(r, 100)); // the change travels over pub/sub
  return created.id;
}

async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}, baseURL = f.baseURL) {
  const res = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ messages: [{ role: "user", content: "hello there" }], ...body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: safeJson(text) as Record<string, unknown> };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function rowsOf(requestId: string, n: number) {
  await waitUntil(async () => (await f.t.db.usageEvent.count({ where: { requestId } })) >= n);
  const rows = await f.t.db.usageEvent.findMany({ where: { requestId }, orderBy: { attempt: "asc" } });
  return rows.map((r) => ({ ...r, route: r.routing as unknown as RouteRecord | null }));
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("timed out");
}

beforeAll(async () => {
  // Local slots leased for 1 s (renewed while their request runs), so a stream can outlast its lease here.
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.routingProxy, env: { TOLLGATE_LOCAL_SLOT_LEASE_MS: SLOT_LEASE_MS } });
  backup = await startFakeUpstream();
  local = await startFakeUpstream();
  // gpt-5-mini (the fixture's, $0.25/$2 per MTok) on f.upstream; these on their own upstreams:
  await addModel("claude-haiku", backup, { inputPerMTok: "1", outputPerMTok: "5", contextWindow: 200_000 });
  await addModel("tiny-window", f.upstream, { contextWindow: 64, providerName: "tiny" });
  await addModel("local-qwen", local, { isLocal: true, inputPerMTok: "0", outputPerMTok: "0" });
  await addModel("premium", backup, { inputPerMTok: "1000", outputPerMTok: "1000", providerName: "premium" });
});

afterAll(async () => {
  await backup?.close();
  await local?.close();
  await f?.close();
});

beforeEach(() => {
  f.web.cooldowns.clear();
  f.upstream.reset();
  backup.reset();
  local.reset();
});

describe("fallbacks", () => {
  it("fails over on a 5xx: the answer names the served model and rule; each attempt is its own row, priced as the model that served it", async () => {
    const policyId = await usePolicy([{ id: "mini-then-haiku", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    f.upstream.set({ errorRate: 1, errorStatus: 503 });
    const r = await chat({ model: "gpt-5-mini" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    const route = r.headers.get("x-tollgate-route")!;
    expect(route).toContain(`policy="${policyId}"`);
    expect(route).toContain('rule="mini-then-haiku"');
    expect(route).toContain("attempts=2");
    expect(f.upstream.requests).toHaveLength(1);
    expect(backup.requests).toHaveLength(1);
    expect(backup.requests[0]!.body.model).toBe("claude-haiku-upstream");

    const rows = await rowsOf(r.headers.get("x-request-id")!, 2);
    expect(rows.map((x) => [x.attempt, x.servedModel, x.status, x.errorClass])).toEqual([
      [0, "gpt-5-mini", "upstream_error", "upstream_503"],
      [1, "claude-haiku", "ok", null],
    ]);
    expect(Number(rows[0]!.costUsd)).toBe(0); // nothing was generated: $0, not unpriced
    // claude-haiku's price: prompt and 20 completion tokens at $1 / $5 per MTok, exactly.
    const usage = r.json.usage as { prompt_tokens: number; completion_tokens: number };
    const expected = (usage.prompt_tokens * 1 + usage.completion_tokens * 5) / 1e6;
    expect(rows[1]!.costUsd!.toFixed(9)).toBe(expected.toFixed(9));
    expect(rows.map((x) => x.route?.role)).toEqual(["primary", "fallback"]);
    expect(rows.every((x) => x.route?.ruleId === "mini-then-haiku" && x.route.policyId === policyId)).toBe(true);
  });

  it("never fails over on the caller's own 4xx: the upstream's answer goes back as it was said", async () => {
    await usePolicy([{ id: "chain", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    f.upstream.set({ errorRate: 1, errorStatus: 400 });
    const r = await chat({ model: "gpt-5-mini" });
    expect(r.status).toBe(400);
    expect(backup.requests).toHaveLength(0);
    const rows = await rowsOf(r.headers.get("x-request-id")!, 1);
    expect(rows).toHaveLength(1);
  });

  it("fails over on a 429 and passes the limited deployment over for as long as its retry-after asked", async () => {
    await usePolicy([{ id: "chain", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    f.upstream.set({ errorRate: 1, errorStatus: 429, errorHeaders: { "retry-after": "30" } });
    const first = await chat({ model: "gpt-5-mini" });
    expect(first.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    f.upstream.set({ errorRate: 0 });
    const second = await chat({ model: "gpt-5-mini" });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    expect(second.headers.get("x-tollgate-route")).toContain("attempts=1");
    expect(f.upstream.requests).toHaveLength(1); // the cooled-down one was not called again
    const rows = await rowsOf(second.headers.get("x-request-id")!, 1);
    expect(rows[0]!.route?.skipped).toEqual([{ model: "gpt-5-mini", reason: "cooled-down" }]);
  });

  it("fails over when an upstream cannot be reached at all", async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    await addModel("gone", { url: `http://127.0.0.1:${port}/v1` } as FakeUpstream, { providerName: "gone" });
    await usePolicy([{ id: "chain", action: { kind: "fallback", models: ["gone", "claude-haiku"] } }]);
    const r = await chat({ model: "gone" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    const rows = await rowsOf(r.headers.get("x-request-id")!, 2);
    expect(rows[0]!.errorClass).toBe("upstream_unavailable");
  });

  it("skips a target whose context window cannot hold the prompt before trying it, and names why on the row", async () => {
    await usePolicy([{ id: "small-first", action: { kind: "fallback", models: ["tiny-window", "gpt-5-mini"] } }]);
    const r = await chat({ model: "tiny-window", messages: [{ role: "user", content: "word ".repeat(200) }] });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-tollgate-served-model")).toBe("gpt-5-mini");
    expect(f.upstream.requests.map((q) => q.body.model)).toEqual(["gpt-5-mini-2026-01-01"]);
    const rows = await rowsOf(r.headers.get("x-request-id")!, 1);
    expect(rows[0]!.route?.skipped).toEqual([{ model: "tiny-window", reason: "context-too-small" }]);
  });

  it("on a context-length error fails over only to a model with a larger window", async () => {
    await usePolicy([{ id: "ctx", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    await f.t.db.model.updateMany({ where: { orgId: f.orgId, alias: "gpt-5-mini" }, data: { contextWindow: 1000 } });
    await f.redis.publish("tollgate:catalog:changed", f.orgId);
    await new Promise((r) => setTimeout(r, 100));
    f.upstream.set({ errorRate: 1, errorStatus: 400, errorBody: JSON.stringify({ error: { message: "This model's maximum context length is 1000 tokens", type: "invalid_request_error", param: "messages", code: "context_length_exceeded" } }) });
    const r = await chat({ model: "gpt-5-mini" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    await f.t.db.model.updateMany({ where: { orgId: f.orgId, alias: "gpt-5-mini" }, data: { contextWindow: null } });
    await f.redis.publish("tollgate:catalog:changed", f.orgId);
  });

  it("does not fail over to a pricier fallback the budget cannot hold: the caller gets the failure that led there", async () => {
    await usePolicy([{ id: "to-premium", action: { kind: "fallback", models: ["gpt-5-mini", "premium"] } }]);
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Tight", scope: "org", period: "day", amountUsd: "0.05", mode: "hard" });
    try {
      f.upstream.set({ errorRate: 1, errorStatus: 500 });
      const r = await chat({ model: "gpt-5-mini", max_tokens: 100 });
      expect(r.text).toContain("fake upstream error 500");
      expect(r.status).toBe(502);
      expect(r.headers.get("x-tollgate-fallback-refused")).toBe("premium: budget_exceeded");
      expect(backup.requests).toHaveLength(0);
    } finally {
      await f.t.db.budget.delete({ where: { id: budget.id } });
      await f.redis.publish("tollgate:limits:changed", f.orgId);
    }
  });
});

describe("streams", () => {
  it("fail over before the first byte when the first target sends no first token within the rule's TTFT timeout", async () => {
    await usePolicy([{ id: "fast", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] }, failover: { ttftTimeoutMs: 300 } }]);
    f.upstream.set({ ttftMs: 1500 });
    const started = Date.now();
    const r = await chat({ model: "gpt-5-mini", stream: true });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    expect(r.text).toContain("data: [DONE]");
    const rows = await rowsOf(r.headers.get("x-request-id")!, 2);
    expect(rows.map((x) => [x.servedModel, x.status, x.errorClass])).toEqual([
      ["gpt-5-mini", "upstream_error", "ttft_timeout"],
      ["claude-haiku", "ok", null],
    ]);
  });

  it("a stream that hangs before its headers fails over on the same timeout", async () => {
    await usePolicy([{ id: "fast", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] }, failover: { ttftTimeoutMs: 300 } }]);
    f.upstream.set({ hangMs: 1500 });
    const r = await chat({ model: "gpt-5-mini", stream: true });
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    const rows = await rowsOf(r.headers.get("x-request-id")!, 2);
    expect(rows[0]!.errorClass).toBe("ttft_timeout");
  });

  it("a stream broken before its first token fails over; one broken after it does not (the client has bytes)", async () => {
    await usePolicy([{ id: "chain", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    f.upstream.set({ disconnectAfterTokens: 0 });
    const before = await chat({ model: "gpt-5-mini", stream: true });
    expect(before.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    expect(before.text).toContain("data: [DONE]");

    f.upstream.reset();
    f.web.cooldowns.clear();
    f.upstream.set({ disconnectAfterTokens: 3, tokensPerSecond: 20 });
    const after = await fetch(`${f.baseURL}/chat/completions`, {
      method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-5-mini", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(after.headers.get("x-tollgate-served-model")).toBe("gpt-5-mini");
    const text = await after.text().catch(() => "");
    expect(text).not.toContain("[DONE]");
    expect(backup.requests).toHaveLength(1); // only the first request's fallback
  });
});

describe("policies", () => {
  it("routes a name only routing knows, records what a shadow policy would have done, and never applies it", async () => {
    await usePolicy([{ id: "auto", match: { models: ["auto"] }, action: { kind: "route", model: "gpt-5-mini" } }]);
    const shadow = await createRoutingPolicy(f.t.db, f.redis, systemPrincipal(f.orgId), policyInputSchema.parse({ name: "try haiku", priority: -1, mode: "shadow", rules: [{ id: "all-to-haiku", action: { kind: "route", model: "claude-haiku" } }] }));
    policyIds.push(shadow.id);
    await new Promise((r) => setTimeout(r, 100));
    const r = await chat({ model: "auto" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-tollgate-served-model")).toBe("gpt-5-mini");
    expect(backup.requests).toHaveLength(0);
    const [row] = await rowsOf(r.headers.get("x-request-id")!, 1);
    expect(row!.requestedModel).toBe("auto");
    expect(row!.servedModel).toBe("gpt-5-mini");
    expect(row!.route?.shadow).toEqual([{ policyId: shadow.id, ruleId: "all-to-haiku", action: "route", model: "claude-haiku" }]);
  });

  it("a policy change reaches the proxy within a second", async () => {
    const id = await usePolicy([{ id: "to-mini", match: { models: ["auto"] }, action: { kind: "route", model: "gpt-5-mini" } }]);
    expect((await chat({ model: "auto" })).headers.get("x-tollgate-served-model")).toBe("gpt-5-mini");
    await updateRoutingPolicy(f.t.db, f.redis, systemPrincipal(f.orgId), id, { rules: [{ id: "to-haiku", match: { models: ["auto"] }, action: { kind: "route", model: "claude-haiku" } }] } as never);
    await waitUntil(async () => (await chat({ model: "auto" })).headers.get("x-tollgate-served-model") === "claude-haiku", 1000);
  });

  it("a split is sticky per user and uses every arm", async () => {
    await usePolicy([{ id: "ab", action: { kind: "split", stickyBy: "user", targets: [{ model: "gpt-5-mini", percent: 50 }, { model: "claude-haiku", percent: 50 }] } }]);
    const served = new Map<string, Set<string>>();
    for (let u = 0; u < 24; u++) {
      for (let k = 0; k < 2; k++) {
        const r = await chat({ model: "gpt-5-mini", user: `user-${u}` });
        const set = served.get(`user-${u}`) ?? new Set();
        set.add(r.headers.get("x-tollgate-served-model")!);
        served.set(`user-${u}`, set);
      }
    }
    expect([...served.values()].every((s) => s.size === 1)).toBe(true);
    const models = new Set([...served.values()].flatMap((s) => [...s]));
    expect(models).toEqual(new Set(["gpt-5-mini", "claude-haiku"]));
  });

  it("a cascade asks the next model when the answer fails a trigger, and keeps both answers metered", async () => {
    await usePolicy([{ id: "json-cascade", action: { kind: "cascade", models: ["gpt-5-mini", "claude-haiku"], escalateOn: ["invalid-json"] } }]);
    f.upstream.set({ content: "Sure! Here is your JSON: {oops" });
    backup.set({ content: '{"ok": true}' });
    const r = await chat({ model: "gpt-5-mini" });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    expect(((r.json.choices as { message: { content: string } }[])[0]!.message.content)).toBe('{"ok": true}');
    const rows = await rowsOf(r.headers.get("x-request-id")!, 2);
    expect(rows.map((x) => [x.servedModel, x.status, x.route?.role])).toEqual([
      ["gpt-5-mini", "ok", "primary"],
      ["claude-haiku", "ok", "escalation"],
    ]);
    expect(rows[0]!.costUsd).not.toBeNull(); // the cheap model's answer was paid for too

    f.upstream.set({ content: '{"fine": 1}' });
    const kept = await chat({ model: "gpt-5-mini" });
    expect(kept.headers.get("x-tollgate-served-model")).toBe("gpt-5-mini");
  });
});

describe("local-first with cloud burst", () => {
  let second: WebServer;
  let secondURL: string;
  let secondRedis: ReturnType<typeof createRedis>;
  let secondSub: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    // A second proxy instance on the same database and Redis: in-flight counts are shared between them.
    secondRedis = createRedis(f.redisUrl);
    secondSub = createRedis(f.redisUrl);
    second = await createWebServer({
      env: { TOLLGATE_ENCRYPTION_KEY: f.encryptionKey, TOLLGATE_MAX_BODY_BYTES: 65536, TOLLGATE_UPSTREAM_TIMEOUT_MS: 5000, TOLLGATE_REDIS_DOWN_REFUSES: "hard-budgets", TOLLGATE_RESERVATION_TTL_MS: 900_000, TOLLGATE_LOCAL_SLOT_LEASE_MS: SLOT_LEASE_MS } as never,
      db: f.t.db, redis: secondRedis, subscriber: secondSub, log: createLogger({ name: "second", level: "silent" }),
    });
    await new Promise<void>((r) => second.server.listen(0, "127.0.0.1", r));
    secondURL = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}/api/v1`;
    // Local models of their own (the burst state is per model), on the same local upstream.
    await addModel("local-long", local, { isLocal: true, inputPerMTok: "0", outputPerMTok: "0", providerName: "p-local-long" });
    await addModel("local-ttft", local, { isLocal: true, inputPerMTok: "0", outputPerMTok: "0", providerName: "p-local-ttft" });
  });

  afterAll(async () => {
    await second?.close();
    secondRedis?.disconnect();
    secondSub?.disconnect();
  });

  it("serves locally up to the declared capacity across both instances, bursts the rest to the cloud, then returns with hysteresis", async () => {
    await usePolicy([{ id: "local", action: { kind: "local-first", local: { model: "local-qwen", maxConcurrent: 2 }, cloud: "claude-haiku", hysteresis: { resumeBelowPercent: 50 } } }]);
    local.set({ ttftMs: 600 });
    // One after the other: the instance taking the last slot starts bursting itself, so the second instance must take it
    // for the first instance's next request to find the model at capacity (rather than holding a burst).
    const inFlight = [chat({ model: "gpt-5-mini", user: randomBytes(4).toString("hex") })];
    await waitUntil(async () => local.requests.length === 1);
    inFlight.push(chat({ model: "gpt-5-mini" }, {}, secondURL));
    await waitUntil(async () => local.requests.length === 2);
    const burst = await Promise.all([chat({ model: "gpt-5-mini" }), chat({ model: "gpt-5-mini" }, {}, secondURL)]);
    expect(burst.map((r) => r.headers.get("x-tollgate-served-model"))).toEqual(["claude-haiku", "claude-haiku"]);
    const held = await Promise.all(inFlight);
    expect(held.map((r) => r.headers.get("x-tollgate-served-model"))).toEqual(["local-qwen", "local-qwen"]);
    const burstRow = (await rowsOf(burst[0]!.headers.get("x-request-id")!, 1))[0]!;
    expect(burstRow.route?.local).toEqual({ model: "local-qwen", served: "burst", reason: "at-capacity" });
    const localRow = (await rowsOf(held[0]!.headers.get("x-request-id")!, 1))[0]!;
    expect(localRow.route?.local).toEqual({ model: "local-qwen", served: "local", reason: null });
    expect(local.requests).toHaveLength(2);

    // Load is gone: the first request after the burst still bursts (it learns the count), the next is local again.
    local.set({ ttftMs: 0 });
    const holding = await chat({ model: "gpt-5-mini" });
    expect(holding.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    await new Promise((r) => setTimeout(r, 50));
    const back = await chat({ model: "gpt-5-mini" });
    expect(back.headers.get("x-tollgate-served-model")).toBe("local-qwen");
  });

  it("a failing local model bursts too, and the row says why", async () => {
    await usePolicy([{ id: "local", action: { kind: "local-first", local: { model: "local-qwen", maxConcurrent: 4 }, cloud: "claude-haiku" } }]);
    local.set({ errorRate: 1, errorStatus: 500 });
    const r = await chat({ model: "gpt-5-mini" });
    expect(r.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
    const rows = await rowsOf(r.headers.get("x-request-id")!, 2);
    expect(rows.map((x) => x.route?.local)).toEqual([
      { model: "local-qwen", served: "local", reason: null },
      { model: "local-qwen", served: "burst", reason: "local-failed" },
    ]);
    // Slots are given back: nothing is left counted in flight.
    expect(await f.redis.zcard(`tollgate:routing:local:${f.orgId}:local-qwen`)).toBe(0);
  });

  it("a stream running four times its slot's lease keeps the slot counted on every instance until it ends, then gives it back", async () => {
    await usePolicy([{ id: "long", action: { kind: "local-first", local: { model: "local-long", maxConcurrent: 1 }, cloud: "claude-haiku" } }]);
    local.set({ completionTokens: 20, tokensPerSecond: 4 }); // about 5 s of stream
    const slotKey = `tollgate:routing:local:${f.orgId}:local-long`;
    const stream = chat({ model: "gpt-5-mini", stream: true });
    await waitUntil(async () => local.requests.length === 1);
    const started = Date.now();
    const seen: { afterMs: number; live: number; served: string | null }[] = [];
    // For three leases (the stream runs on for two more): the other instance finds the one slot taken.
    while (Date.now() - started < 3 * SLOT_LEASE_MS) {
      await new Promise((r) => setTimeout(r, SLOT_LEASE_MS / 2));
      const afterMs = Date.now() - started;
      const live = await f.redis.zcount(slotKey, Date.now(), "+inf");
      const r = await chat({ model: "gpt-5-mini" }, {}, secondURL);
      seen.push({ afterMs, live, served: r.headers.get("x-tollgate-served-model") });
    }
    expect(seen.some((c) => c.afterMs > 2 * SLOT_LEASE_MS)).toBe(true);
    expect(seen.map(({ live, served }) => ({ live, served }))).toEqual(seen.map(() => ({ live: 1, served: "claude-haiku" })));
    const done = await stream;
    expect(done.headers.get("x-tollgate-served-model")).toBe("local-long");
    expect(done.text).toContain("data: [DONE]");
    expect(local.requests).toHaveLength(1);
    await waitUntil(async () => (await f.redis.zcard(slotKey)) === 0);
  });

  it("a slot whose holder stopped renewing (its instance died) lapses after the lease, and the model serves locally again", async () => {
    await usePolicy([{ id: "long", action: { kind: "local-first", local: { model: "local-long", maxConcurrent: 1 }, cloud: "claude-haiku" } }]);
    const deadRedis = createRedis(f.redisUrl);
    try {
      const crashed = new LocalSlots(deadRedis, SLOT_LEASE_MS);
      expect((await crashed.acquire(f.orgId, "local-long", "crashed-instance:0", 1)).acquired).toBe(true);
      crashed.close(); // renews no more, releases nothing: what a killed process leaves behind
      const blocked = await chat({ model: "gpt-5-mini" });
      expect(blocked.headers.get("x-tollgate-served-model")).toBe("claude-haiku");
      // "holding" when this instance still bursts from the test before (its stream took the last slot).
      const blockedLocal = (await rowsOf(blocked.headers.get("x-request-id")!, 1))[0]!.route?.local;
      expect(blockedLocal).toMatchObject({ model: "local-long", served: "burst" });
      expect(["at-capacity", "holding"]).toContain(blockedLocal?.reason);
      // Once the lease has run out the slot is dropped; after one request holding the burst, local again.
      let served: string | null = null;
      await waitUntil(async () => {
        served = (await chat({ model: "gpt-5-mini" })).headers.get("x-tollgate-served-model");
        return served === "local-long";
      }, 10 * SLOT_LEASE_MS);
      expect(served).toBe("local-long");
      expect(await f.redis.zscore(`tollgate:routing:local:${f.orgId}:local-long`, "crashed-instance:0")).toBeNull();
    } finally {
      deadRedis.disconnect();
    }
  });

  it("slow first tokens seen by one instance make the other burst: the p95 TTFT is shared through Redis", async () => {
    await usePolicy([{ id: "ttft", action: { kind: "local-first", local: { model: "local-ttft", maxConcurrent: 50, ttftObjectiveMs: 150 }, cloud: "claude-haiku" } }]);
    local.set({ ttftMs: 400 });
    // Instance A streams twelve slow answers from the local model (well under its capacity).
    const slow = await Promise.all(Array.from({ length: 12 }, () => chat({ model: "gpt-5-mini", stream: true })));
    expect(slow.map((r) => r.headers.get("x-tollgate-served-model"))).toEqual(slow.map(() => "local-ttft"));
    // Instance B sends only JSON requests: it never measures a first token itself.
    const fromB: { served: string | null; id: string }[] = [];
    await waitUntil(async () => {
      const r = await chat({ model: "gpt-5-mini" }, {}, secondURL);
      fromB.push({ served: r.headers.get("x-tollgate-served-model"), id: r.headers.get("x-request-id")! });
      return fromB.at(-1)!.served === "claude-haiku";
    });
    const burstRow = (await rowsOf(fromB.at(-1)!.id, 1))[0]!;
    expect(burstRow.route?.local).toEqual({ model: "local-ttft", served: "burst", reason: "ttft-over-objective" });
    await f.redis.del(`tollgate:routing:ttft:${f.orgId}:local-ttft`);
  });
});

describe("response cache", () => {
  it("answers an exact repeat from the cache at $0, naming what it saved; a different request, or no-store, goes to the model", async () => {
    await usePolicy([{ id: "cached", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60 } } }]);
    const body = { model: "gpt-5-mini", temperature: 0, messages: [{ role: "user", content: `cache me ${randomBytes(4).toString("hex")}` }] };
    const first = await chat(body);
    expect(first.headers.get("x-tollgate-cache")).toBe("miss");
    const firstCost = first.headers.get("x-tollgate-cost-usd")!;
    await new Promise((r) => setTimeout(r, 50)); // the put is not awaited by the answer
    const second = await chat({ ...body, user: "someone-else" });
    expect(second.headers.get("x-tollgate-cache")).toBe("hit");
    expect(second.headers.get("x-tollgate-cost-usd")).toBe("0");
    expect(second.headers.get("x-tollgate-saved-usd")).toBe(firstCost);
    expect(second.text).toBe(first.text);
    expect(f.upstream.requests).toHaveLength(1);
    const [row] = await rowsOf(second.headers.get("x-request-id")!, 1);
    expect(Number(row!.costUsd)).toBe(0);
    expect(row!.route?.cache).toEqual({ status: "hit", savedCostUsd: firstCost });

    // A streaming request for the same content is replayed as a stream.
    const streamed = await chat({ ...body, stream: true });
    expect(streamed.headers.get("x-tollgate-cache")).toBe("hit");
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    expect(streamed.text).toContain("data: [DONE]");

    expect((await chat({ ...body, temperature: 1 })).headers.get("x-tollgate-cache")).toBe("miss");
    expect((await chat(body, { "cache-control": "no-store" })).headers.get("x-tollgate-cache")).toBe("bypass");
    expect(f.upstream.requests).toHaveLength(3);
  });

  it("stores a streamed answer that finished with its usage, and replays it to JSON and streaming callers; never a cut, unfinished or abandoned stream", async () => {
    await usePolicy([{ id: "cached", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60 } } }]);
    const question = () => ({ model: "gpt-5-mini", messages: [{ role: "user", content: `stream me ${randomBytes(4).toString("hex")}` }] });
    const content = (sse: string) => sse.split("\n").filter((l) => l.startsWith("data: {")).map((l) => JSON.parse(l.slice(6)) as { choices: { delta?: { content?: string | null } }[] })
      .flatMap((c) => c.choices.map((x) => x.delta?.content ?? "")).join("");
    f.upstream.set({ content: "Spend fell 4% on the quarter." });
    const body = question();
    const miss = await chat({ ...body, stream: true });
    expect(miss.headers.get("x-tollgate-cache")).toBe("miss");
    expect(content(miss.text)).toBe("Spend fell 4% on the quarter.");
    const [missRow] = await rowsOf(miss.headers.get("x-request-id")!, 1);
    await waitUntil(async () => (await f.redis.keys(`tollgate:rcache:${f.orgId}:*`)).some((k) => /[0-9a-f]{64}$/.test(k)));

    // A JSON caller gets the completion a JSON request would have got, at $0, saving what the stream cost.
    const json = await chat(body);
    expect(json.headers.get("x-tollgate-cache")).toBe("hit");
    expect(json.headers.get("x-tollgate-saved-usd")).toBe(missRow!.costUsd!.toFixed(9));
    const completion = json.json as { object: string; choices: { message: { role: string; content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices).toMatchObject([{ message: { role: "assistant", content: "Spend fell 4% on the quarter." }, finish_reason: "stop" }]);
    expect(completion.usage.completion_tokens).toBe(missRow!.outputTokens);
    // A streaming caller gets it replayed as a stream, with the usage chunk it asked for.
    const replay = await chat({ ...body, stream: true, stream_options: { include_usage: true } });
    expect(replay.headers.get("x-tollgate-cache")).toBe("hit");
    expect(content(replay.text)).toBe("Spend fell 4% on the quarter.");
    expect(replay.text).toContain(`"completion_tokens":${missRow!.outputTokens}`);
    expect(f.upstream.requests).toHaveLength(1);

    // Cut off mid-answer (socket dropped, or ended without a finish), or without usage: not stored, the repeat goes upstream.
    for (const behaviour of [{ disconnectAfterTokens: 3 }, { endStreamAfterTokens: 3 }, { omitUsage: true }]) {
      f.upstream.reset();
      f.upstream.set(behaviour);
      const b = question();
      // The proxy drops the connection of a stream cut off upstream: read what comes, as far as it comes.
      const first = await fetch(`${f.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ ...b, stream: true }) });
      await first.text().catch(() => "");
      expect(first.headers.get("x-tollgate-cache"), JSON.stringify(behaviour)).toBe("miss");
      await rowsOf(first.headers.get("x-request-id")!, 1);
      f.upstream.set({ disconnectAfterTokens: undefined, endStreamAfterTokens: undefined, omitUsage: false });
      expect((await chat(b)).headers.get("x-tollgate-cache"), JSON.stringify(behaviour)).toBe("miss");
      expect(f.upstream.requests).toHaveLength(2);
    }

    // A client that leaves mid-stream: the answer it did not wait for is not stored.
    f.upstream.reset();
    f.upstream.set({ completionTokens: 40, tokensPerSecond: 20 });
    const left = question();
    const abort = new AbortController();
    const res = await fetch(`${f.baseURL}/chat/completions`, { method: "POST", signal: abort.signal, headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ ...left, stream: true }) });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.read().catch(() => {});
    const [leftRow] = await rowsOf(res.headers.get("x-request-id")!, 1);
    expect(leftRow!.errorClass).toBe("client_disconnected");
    f.upstream.set({ tokensPerSecond: 0 });
    expect((await chat(left)).headers.get("x-tollgate-cache")).toBe("miss");
  });

  it("a catalog change drops the org's cached answers", async () => {
    await usePolicy([{ id: "cached", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60 } } }]);
    const body = { model: "gpt-5-mini", messages: [{ role: "user", content: `again ${randomBytes(4).toString("hex")}` }] };
    await chat(body);
    await new Promise((r) => setTimeout(r, 50));
    expect((await chat(body)).headers.get("x-tollgate-cache")).toBe("hit");
    // As the catalog API does, from outside the proxy: its in-memory copy of the entry goes only because the
    // change reaches it over pub/sub (publishCatalogChange drops Redis's entries through a store of its own).
    const { publishCatalogChange } = await import("../../lib/catalog/publish-catalog-change");
    await publishCatalogChange(f.redis, f.orgId);
    expect((await chat(body)).headers.get("x-tollgate-cache")).toBe("miss");
  });
});

describe("proofs under load", () => {
  it("a primary failing half its requests with 500 under 300 concurrent streaming and JSON requests: every request succeeds, every attempt has its row, the budget counter equals the ledger", async () => {
    await usePolicy([{ id: "chain", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    const tag = `load-${randomBytes(3).toString("hex")}`;
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Load", scope: "tag", tag, period: "day", amountUsd: "100", mode: "hard" });
    f.upstream.set({ errorRate: 0.5, errorStatus: 500 });
    try {
      const results = await Promise.all(Array.from({ length: 300 }, (_, i) => chat({ model: "gpt-5-mini", stream: i % 2 === 0, max_tokens: 50 }, { "x-tollgate-tags": tag })));
      expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
      expect(results.filter((r, i) => i % 2 === 0).every((r) => r.text.includes("data: [DONE]"))).toBe(true);
      const total = f.upstream.requests.length + backup.requests.length; // every upstream call is an attempt
      await waitUntil(async () => (await f.t.db.usageEvent.count({ where: { tags: { has: tag } } })) >= total, 20_000);
      const rows = await f.t.db.usageEvent.findMany({ where: { tags: { has: tag } } });
      expect(rows).toHaveLength(total);
      expect(rows.filter((r) => r.servedModel === "gpt-5-mini")).toHaveLength(f.upstream.requests.length);
      expect(rows.filter((r) => r.servedModel === "claude-haiku")).toHaveLength(backup.requests.length);
      expect(rows.filter((r) => r.status === "ok")).toHaveLength(300);
      expect(new Set(rows.filter((r) => r.status === "ok").map((r) => r.requestId)).size).toBe(300);
      const ledgerNano = rows.reduce((sum, r) => sum + (r.costUsd === null ? 0n : usdToNano(r.costUsd.toFixed(9))), 0n);
      await waitUntil(async () => (await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).reserved === 0n, 10_000);
      const counter = await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date());
      expect(counter.spent).toBe(ledgerNano);
    } finally {
      await f.t.db.budget.delete({ where: { id: budget.id } });
      await f.redis.publish("tollgate:limits:changed", f.orgId);
    }
  });

  it("passive health: after 3 failures in the window the deployment is skipped until its cool-down ends", async () => {
    await usePolicy([{ id: "chain", action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku"] } }]);
    f.upstream.set({ errorRate: 1, errorStatus: 502 });
    for (let i = 0; i < 3; i++) expect((await chat({ model: "gpt-5-mini" })).headers.get("x-tollgate-route")).toContain("attempts=2");
    const skipped = await chat({ model: "gpt-5-mini" });
    expect(skipped.headers.get("x-tollgate-route")).toContain("attempts=1");
    expect(f.upstream.requests).toHaveLength(3);
  });

  it("a cascade escalates exactly the answers that fail its check, and no others", async () => {
    await usePolicy([{ id: "json", action: { kind: "cascade", models: ["gpt-5-mini", "claude-haiku"], escalateOn: ["invalid-json"] } }]);
    // The cheap model botches the JSON of every third question.
    f.upstream.set({ content: (body) => (String((body.messages as { content: string }[])[0]!.content).endsWith("#bad") ? "{not json" : '{"answer": 1}') });
    backup.set({ content: '{"answer": 2}' });
    const asks = Array.from({ length: 30 }, (_, i) => `question ${i}${i % 3 === 0 ? " #bad" : ""}`);
    const results = await Promise.all(asks.map((q) => chat({ model: "gpt-5-mini", messages: [{ role: "user", content: q }] })));
    const servedBy = results.map((r) => r.headers.get("x-tollgate-served-model"));
    expect(servedBy).toEqual(asks.map((q) => (q.endsWith("#bad") ? "claude-haiku" : "gpt-5-mini")));
    expect(backup.requests).toHaveLength(10);

    // The Routing page: escalation rate, what the cascade cost, and what sending all to claude-haiku would have.
    const ids = results.map((r) => r.headers.get("x-request-id")!);
    await waitUntil(async () => (await f.t.db.usageEvent.count({ where: { requestId: { in: ids } } })) >= 40);
    const rows = await f.t.db.usageEvent.findMany({ where: { requestId: { in: ids } }, orderBy: { attempt: "asc" } });
    const kept = new Map(rows.filter((r) => r.status === "ok").map((r) => [r.requestId, r])); // the last answered attempt wins
    const haikuNano = [...kept.values()].reduce((s, r) => s + BigInt(r.inputTokens) * 1000n + BigInt(r.outputTokens) * 5000n, 0n); // $1 / $5 per MTok = 1,000 / 5,000 nano-USD per token
    const spentNano = rows.reduce((s, r) => s + usdToNano(r.costUsd!.toFixed(9)), 0n);
    const today = new Date().toISOString().slice(0, 10);
    const stats = await readRoutingStats(f.t.db, await resolveDashboardScope(f.t.db, systemPrincipal(f.orgId), routingStatsFilterSchema.parse({ from: today, to: today })));
    const cascade = stats.cascade.find((c) => c.ruleId === "json")!;
    expect(cascade).toMatchObject({ strongestModel: "claude-haiku", requests: 30, escalated: 10, unpriced: 0 });
    expect(usdToNano(cascade.costUsd)).toBe(spentNano);
    expect(usdToNano(cascade.costIfStrongestUsd)).toBe(haikuNano);
    expect(usdToNano(cascade.savedUsd)).toBe(haikuNano - spentNano);
  });

  it("a cached answer is never served to another project, or another org", async () => {
    await usePolicy([{ id: "cached", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60 } } }]);
    const body = { model: "gpt-5-mini", messages: [{ role: "user", content: `shared? ${randomBytes(4).toString("hex")}` }] };
    await chat(body);
    await new Promise((r) => setTimeout(r, 50));
    expect((await chat(body)).headers.get("x-tollgate-cache")).toBe("hit");

    const otherProject = await f.t.db.project.create({ data: { orgId: f.orgId, name: "Other", slug: `other-${randomBytes(2).toString("hex")}` } });
    const otherKey = await createApiKey(f.t.db, { projectId: otherProject.id, name: "other" });
    const fromOtherProject = await chat(body, { authorization: `Bearer ${otherKey.secret}` });
    expect(fromOtherProject.headers.get("x-tollgate-cache")).toBe("miss");

    const otherOrg = await createProxyOrg(f.t.db, f.upstream.url, Buffer.from(f.encryptionKey, "base64"));
    await createRoutingPolicy(f.t.db, f.redis, systemPrincipal(otherOrg.orgId), policyInputSchema.parse({ name: "cache", rules: [{ id: "cached", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 60 } } }] }));
    await new Promise((r) => setTimeout(r, 100));
    const fromOtherOrg = await chat(body, { authorization: `Bearer ${otherOrg.apiKey}` });
    expect(fromOtherOrg.status).toBe(200);
    expect(fromOtherOrg.headers.get("x-tollgate-cache")).toBe("miss");
  });
});

describe("tags fixed on the key", () => {
  it("a caller cannot route itself around a policy by sending a header: the key's fixed tag wins, the header's other value is dropped", async () => {
    await usePolicy([{ id: "search-team", match: { tags: ["team:search"] }, action: { kind: "route", model: "claude-haiku" } }]);
    const adsKey = await createApiKey(f.t.db, { projectId: f.projectId, name: "ads" });
    await f.t.db.apiKey.update({ where: { id: adsKey.id }, data: { fixedTags: ["team:ads"] } });
    const r = await chat({ model: "gpt-5-mini" }, { authorization: `Bearer ${adsKey.secret}`, "x-tollgate-tags": "team:search, feature:x" });
    expect(r.headers.get("x-tollgate-served-model")).toBe("gpt-5-mini");
    const [row] = await rowsOf(r.headers.get("x-request-id")!, 1);
    expect(row!.tags).toEqual(["team:ads", "feature:x"]);
    // Without a fixed tag, the header's tag is the caller's to send, and the rule applies.
    expect((await chat({ model: "gpt-5-mini" }, { "x-tollgate-tags": "team:search" })).headers.get("x-tollgate-served-model")).toBe("claude-haiku");
  });
});

describe("local-first, as the dashboard shows it", () => {
  it("a local model with 4 slots: bursts start at capacity and stop with hysteresis, and the Routing page's shares match what was served", async () => {
    // A fresh org: its statistics hold this test's traffic only.
    const org = await createProxyOrg(f.t.db, f.upstream.url, Buffer.from(f.encryptionKey, "base64"));
    const enc = Buffer.from(f.encryptionKey, "base64");
    for (const [alias, upstream, isLocal] of [["slow-local", local, true], ["cloud-burst", backup, false]] as const) {
      const provider = await f.t.db.provider.create({ data: { orgId: org.orgId, name: alias, vendor: "openai", kind: isLocal ? "local" : "cloud", baseUrl: upstream.url, encryptedCredential: encryptSecret("sk-x", enc) } });
      const model = await f.t.db.model.create({ data: { orgId: org.orgId, alias, tier: "economy", isLocal } });
      await f.t.db.modelPrice.create({ data: { modelId: model.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: isLocal ? "0" : "1", cachedInputPerMTok: "0", outputPerMTok: isLocal ? "0" : "3" } });
      await f.t.db.deployment.create({ data: { providerId: provider.id, modelId: model.id, upstreamModel: alias } });
    }
    await f.redis.publish("tollgate:catalog:changed", org.orgId);
    await createRoutingPolicy(f.t.db, f.redis, systemPrincipal(org.orgId), policyInputSchema.parse({
      name: "local first", rules: [{ id: "lf", action: { kind: "local-first", local: { model: "slow-local", maxConcurrent: 4 }, cloud: "cloud-burst", hysteresis: { resumeBelowPercent: 50 } } }],
    }));
    await new Promise((r) => setTimeout(r, 100));
    const ask = () => chat({ model: "slow-local" }, { authorization: `Bearer ${org.apiKey}` });

    local.set({ ttftMs: 400 });
    const wave = await Promise.all(Array.from({ length: 10 }, ask));
    const waveServed = wave.map((r) => r.headers.get("x-tollgate-served-model"));
    expect(waveServed.filter((m) => m === "slow-local")).toHaveLength(4);
    expect(waveServed.filter((m) => m === "cloud-burst")).toHaveLength(6);

    // The load is gone; the burst holds for one request (it learns the count), then local again, steadily.
    local.set({ ttftMs: 0 });
    const after: string[] = [];
    for (let i = 0; i < 5; i++) {
      after.push((await ask()).headers.get("x-tollgate-served-model")!);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(after).toEqual(["cloud-burst", "slow-local", "slow-local", "slow-local", "slow-local"]);

    const all = [...waveServed, ...after];
    await waitUntil(async () => (await f.t.db.usageEvent.count({ where: { orgId: org.orgId } })) >= all.length);
    const today = new Date().toISOString().slice(0, 10);
    const stats = await readRoutingStats(f.t.db, await resolveDashboardScope(f.t.db, systemPrincipal(org.orgId), routingStatsFilterSchema.parse({ from: today, to: today })));
    expect(stats.totals.servedLocal).toBe(all.filter((m) => m === "slow-local").length);
    expect(stats.totals.servedBurst).toBe(all.filter((m) => m === "cloud-burst").length);
    const rows = await f.t.db.usageEvent.findMany({ where: { orgId: org.orgId, servedModel: "cloud-burst" }, select: { costUsd: true } });
    const burstCost = rows.reduce((s, r) => s + usdToNano(r.costUsd!.toFixed(9)), 0n);
    expect(usdToNano(stats.totals.burstCostUsd)).toBe(burstCost);
    expect(stats.localFirst[0]!.reasons).toEqual({ atCapacity: 6, ttftOverObjective: 0, holding: 1, localFailed: 0 });
  });
});
