// Every way a call can go wrong answers in OpenAI's error shape with the
// right status, and upstream failures are metered once.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createApiKey } from "../../lib/keys/create-api-key";
import { revokeApiKey } from "../../lib/keys/revoke-api-key";
import { createLogger } from "../../lib/log/logger";
import { CATALOG_EVENTS_CHANNEL } from "../../lib/proxy/model-catalog";
import { createRedis } from "../../lib/redis/create-redis";
import { createWebServer } from "../../lib/web/create-web-server";
import type { WebEnv } from "../../lib/env";
import { freePort } from "../support/local-services";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.proxyErrors });
});
afterAll(() => f.close());
beforeEach(() => f.upstream.reset());

async function call(path: string, init: { method?: string; body?: string; key?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? f.apiKey}`;
  const res = await fetch(`${f.baseURL}${path}`, { method: init.method ?? "POST", headers, body: init.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}
const chat = (body: unknown) => call("/chat/completions", { body: JSON.stringify(body) });
const hello = { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] };

async function waitForRow(requestId: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const row = await f.t.db.usageEvent.findFirst({ where: { requestId } });
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no usage row for ${requestId}`);
}

function expectOpenAiError(r: { status: number; json: { error?: unknown } }, status: number, code: string) {
  expect(r.status).toBe(status);
  const error = r.json.error as Record<string, unknown>;
  expect(Object.keys(error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(error).toMatchObject({ message: expect.any(String), type: expect.any(String), code });
  expect(error.param === null || typeof error.param === "string").toBe(true);
}

describe("client mistakes", () => {
  it("401 for a missing, unknown, revoked or expired key", async () => {
    expectOpenAiError(await call("/chat/completions", { key: null, body: JSON.stringify(hello) }), 401, "missing_api_key");
    expectOpenAiError(await call("/chat/completions", { key: "tg_nope", body: JSON.stringify(hello) }), 401, "invalid_api_key");
    const expired = await createApiKey(f.t.db, { projectId: f.projectId, name: "old", expiresAt: new Date(Date.now() - 1000) });
    expectOpenAiError(await call("/chat/completions", { key: expired.secret, body: JSON.stringify(hello) }), 401, "api_key_expired");
    const sdk = new OpenAI({ baseURL: f.baseURL, apiKey: "tg_wrong", maxRetries: 0 });
    await expect(sdk.chat.completions.create(hello as never)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("400 for malformed JSON, a non-object body or a missing model; 404 for an unknown model or URL; 405 for a wrong method", async () => {
    expectOpenAiError(await call("/chat/completions", { body: "{not json" }), 400, "invalid_json");
    expectOpenAiError(await call("/chat/completions", { body: "[1,2]" }), 400, "invalid_request_body");
    expectOpenAiError(await chat({ messages: [] }), 400, "missing_model");
    expectOpenAiError(await chat({ model: "gpt-9-ultra", messages: [] }), 404, "model_not_found");
    expectOpenAiError(await call("/completions/legacy", { body: "{}" }), 404, "unknown_url");
    expectOpenAiError(await call("/chat/completions", { method: "GET" }), 405, "method_not_allowed");
    expect(f.upstream.requests).toHaveLength(0);
  });

  it("413 for a body over the configured limit, whether declared or streamed", async () => {
    const big = JSON.stringify({ ...hello, messages: [{ role: "user", content: "x".repeat(70 * 1024) }] });
    expectOpenAiError(await call("/chat/completions", { body: big }), 413, "request_too_large");
    expect(f.upstream.requests).toHaveLength(0);
  });
});

describe("fields the proxy relies on", () => {
  it("400 naming the field for a non-boolean stream, bad stream_options or max tokens, missing messages or input; nothing forwarded", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["/chat/completions", { ...hello, stream: "yes" }, "stream"],
      ["/chat/completions", { ...hello, stream: 1 }, "stream"],
      ["/chat/completions", { ...hello, stream: true, stream_options: "usage" }, "stream_options"],
      ["/chat/completions", { ...hello, stream: true, stream_options: { include_usage: "yes" } }, "stream_options.include_usage"],
      ["/chat/completions", { ...hello, max_tokens: "100" }, "max_tokens"],
      ["/chat/completions", { ...hello, max_completion_tokens: 0 }, "max_completion_tokens"],
      ["/chat/completions", { model: "gpt-5-mini" }, "messages"],
      ["/chat/completions", { model: "gpt-5-mini", messages: "hi" }, "messages"],
      ["/chat/completions", { model: "gpt-5-mini", messages: ["hi"] }, "messages[0]"],
      ["/responses", { model: "gpt-5-mini", input: "hi", stream: "yes" }, "stream"],
      ["/responses", { model: "gpt-5-mini", input: "hi", max_output_tokens: -1 }, "max_output_tokens"],
      ["/responses", { model: "gpt-5-mini" }, "input"],
      ["/embeddings", { model: "gpt-5-mini" }, "input"],
      ["/embeddings", { model: "gpt-5-mini", input: { text: "a" } }, "input"],
    ];
    for (const [path, body, param] of cases) {
      const r = await call(path, { body: JSON.stringify(body) });
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expectOpenAiError(r, 400, r.json.error.code);
      expect(r.json.error).toMatchObject({ type: "invalid_request_error", param });
      expect(r.json.error.message).toContain(param);
    }
    expect(f.upstream.requests).toHaveLength(0);
    // The SDK raises its own class for it.
    const sdk = new OpenAI({ baseURL: f.baseURL, apiKey: f.apiKey, maxRetries: 0 });
    await expect(sdk.chat.completions.create({ ...hello, stream: "yes" } as never)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("passes fields it does not rely on through untouched", async () => {
    const body = { ...hello, temperature: 0.2, metadata: { a: "b" }, tools: [], response_format: { type: "text" }, stream: false };
    expect((await chat(body)).status).toBe(200);
    expect(f.upstream.requests.at(-1)!.body).toMatchObject({ temperature: 0.2, metadata: { a: "b" }, tools: [], response_format: { type: "text" } });
  });

  it("400, not 500, for JSON nested 10,000 levels deep, wherever it sits", async () => {
    const deep = (inner: string) => `${"[".repeat(10_000)}${inner}${"]".repeat(10_000)}`;
    const bodies = [
      `{"model":"gpt-5-mini","messages":[{"role":"user","content":${deep('"x"')}}]}`,
      `{"model":"gpt-5-mini","messages":[{"role":"user","content":"hi"}],"metadata":${deep("1")}}`,
      `{"model":"gpt-5-mini","messages":[{"role":"user","content":"hi"}],"tools":${deep("{}")}}`,
      `{"model":"gpt-5-mini","input":${deep('"x"')}}`,
    ];
    for (const body of bodies) expectOpenAiError(await call("/chat/completions", { body }), 400, "json_too_deep");
    expectOpenAiError(await call("/embeddings", { body: bodies[3] }), 400, "json_too_deep");
    expect(f.upstream.requests).toHaveLength(0);
  });
});

describe("a revoked key", () => {
  it("is refused by every running instance within a second", async () => {
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "to revoke" });
    const second = await createWebServer({
      env: { TOLLGATE_MAX_BODY_BYTES: 65536, TOLLGATE_UPSTREAM_TIMEOUT_MS: 2000 } as WebEnv,
      db: f.t.db, redis: createRedis(f.redisUrl), subscriber: createRedis(f.redisUrl), log: createLogger({ name: "second", level: "silent" }),
    });
    await new Promise<void>((r) => second.server.listen(0, "127.0.0.1", r));
    const secondUrl = `http://127.0.0.1:${(second.server.address() as { port: number }).port}/api/v1/chat/completions`;
    const callSecond = () => fetch(secondUrl, { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" }, body: JSON.stringify(hello) });
    // Both instances have the key cached as valid.
    expect((await call("/chat/completions", { key: key.secret, body: JSON.stringify(hello) })).status).toBe(200);
    expect((await callSecond()).status).toBe(200);

    await revokeApiKey(f.t.db, f.redis, { kind: "user", actor: "user:test", userId: null, email: null, orgId: f.orgId, role: "owner" }, key.id);
    const revokedAt = Date.now();
    let firstOk = true;
    let secondOk = true;
    while ((firstOk || secondOk) && Date.now() - revokedAt < 1000) {
      firstOk = (await call("/chat/completions", { key: key.secret, body: JSON.stringify(hello) })).status === 200;
      secondOk = (await callSecond()).status === 200;
    }
    expect({ firstOk, secondOk }).toEqual({ firstOk: false, secondOk: false });
    expect((await callSecond()).status).toBe(401);
    await second.close();
  });
});

describe("upstream failures", () => {
  it("502 with the upstream's message for its 5xx, metered as an upstream error at $0", async () => {
    f.upstream.set({ errorRate: 1, errorStatus: 500 });
    const r = await chat(hello);
    expectOpenAiError(r, 502, "upstream_error");
    expect(r.json.error.message).toContain("fake upstream error 500");
    const requestId = r.headers.get("x-request-id")!;
    await f.waitForUsage(1);
    const deadline = Date.now() + 10_000;
    let row = null;
    while (!row && Date.now() < deadline) row = await f.t.db.usageEvent.findFirst({ where: { requestId } });
    // The row's status is the client's (502); the upstream's is in the error class.
    expect(row).toMatchObject({ status: "upstream_error", httpStatus: 502, errorClass: "upstream_500", inputTokens: 0, outputTokens: 0 });
    expect(row!.costUsd?.toFixed(9)).toBe("0.000000000");
  });

  it("passes the upstream's own 4xx through, as the SDK expects", async () => {
    f.upstream.set({ errorRate: 1, errorStatus: 429 });
    const sdk = new OpenAI({ baseURL: f.baseURL, apiKey: f.apiKey, maxRetries: 0 });
    await expect(sdk.chat.completions.create(hello as never)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    f.upstream.set({ errorStatus: 400 });
    const r = await chat(hello);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe("fake upstream error 400");
  });

  it("an upstream 429's retry-after and x-ratelimit-* headers reach the client; the row records the status it got", async () => {
    const limits = { "retry-after": "7", "x-ratelimit-limit-requests": "500", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "7s" };
    f.upstream.set({ errorRate: 1, errorStatus: 429, errorHeaders: limits });
    const r = await chat(hello);
    expect(r.status).toBe(429);
    for (const [name, value] of Object.entries(limits)) expect(r.headers.get(name), name).toBe(value);
    const sdk = new OpenAI({ baseURL: f.baseURL, apiKey: f.apiKey, maxRetries: 0 });
    const error = await sdk.chat.completions.create(hello as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get("retry-after")).toBe("7");
    const row = await waitForRow(r.headers.get("x-request-id")!);
    expect(row).toMatchObject({ status: "upstream_error", httpStatus: 429, errorClass: "upstream_429" });

    // A 503 asking for a retry: the client gets our 502 with the upstream's advice, and the row says 502.
    f.upstream.set({ errorStatus: 503, errorHeaders: { "retry-after": "3" } });
    const busy = await chat(hello);
    expectOpenAiError(busy, 502, "upstream_error");
    expect(busy.headers.get("retry-after")).toBe("3");
    expect(await waitForRow(busy.headers.get("x-request-id")!)).toMatchObject({ httpStatus: 502, errorClass: "upstream_503" });
  });

  it("502, not the upstream's 401, when the upstream refuses Tollgate's own credential", async () => {
    f.upstream.set({ errorRate: 1, errorStatus: 401 });
    const r = await chat(hello);
    expectOpenAiError(r, 502, "upstream_auth_failed");
    expect(r.json.error.message).toContain("fake");
    expect(r.json.error.message).not.toContain("sk-upstream");
  });

  it("504 when the upstream does not answer in time", async () => {
    f.upstream.set({ hangMs: 3000 });
    expectOpenAiError(await chat(hello), 504, "upstream_timeout");
  });

  it("502 with a useful message when the upstream is unreachable", async () => {
    const port = await freePort();
    const provider = await f.t.db.provider.create({ data: { orgId: f.orgId, name: "dead", vendor: "vllm", kind: "local", baseUrl: `http://127.0.0.1:${port}/v1` }, select: { id: true } });
    const model = await f.t.db.model.create({ data: { orgId: f.orgId, alias: "dead-model", tier: "economy" }, select: { id: true } });
    await f.t.db.deployment.create({ data: { providerId: provider.id, modelId: model.id, upstreamModel: "dead" } });
    await f.redis.publish(CATALOG_EVENTS_CHANNEL, f.orgId);
    await new Promise((r) => setTimeout(r, 100));
    const r = await chat({ ...hello, model: "dead-model" });
    expectOpenAiError(r, 502, "upstream_unavailable");
    expect(r.json.error.message).toMatch(/Could not reach the upstream at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});
