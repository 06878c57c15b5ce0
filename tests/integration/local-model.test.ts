// Issue 11, item 8: a real local model. Tollgate's own OpenAI-compatible
// server on llama.cpp serves the generated tiny model; the demo's local-tiny
// (written by ensureDemoLocalModel, as `npm run up` does) points at it, and the
// official OpenAI SDK goes through Tollgate's real proxy: real completions,
// streamed and not, metered into Postgres at the hardware-derived price.
// Then the server's own refusals, queue and disconnect handling, directly.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOCAL_MODEL, demoLocalOutputPrice, ensureDemoLocalModel } from "../../lib/demo/ensure-demo-local-model";
import { DEMO_ORG } from "../../lib/demo/demo-projects";
import { createApiKey } from "../../lib/keys/create-api-key";
import { TINY_DEFAULT_MAX_TOKENS, type LocalModel } from "../../lib/local-model/start-local-model";
import { priceRequest } from "../../lib/pricing/price-request";
import { addBudget } from "../support/budget-helpers";
import { localModelAvailable, startTestLocalModel } from "../support/local-model";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

const MAX_TOKENS = 16;
let f: ProxyFixture;
let local: LocalModel;
let viaTollgate: OpenAI;
let direct: OpenAI;
let demoProjectId: string;
const hardwarePrice = () => ({ inputPerMTok: "0", cachedInputPerMTok: null, cacheWritePerMTok: null, outputPerMTok: demoLocalOutputPrice(), reasoningPerMTok: null });

describe.skipIf(!localModelAvailable)("the local model (llama.cpp, tiny model)", () => {
  beforeAll(async () => {
    [f, local] = await Promise.all([
      startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.localModel }),
      startTestLocalModel({ parallel: 2, maxQueued: 2 }),
    ]);
    // The demo org as `npm run up` leaves it, with a project under a hard budget.
    const org = await f.t.db.org.create({ data: { name: DEMO_ORG.name, slug: DEMO_ORG.slug }, select: { id: true } });
    const project = await f.t.db.project.create({ data: { orgId: org.id, name: "Support Copilot", slug: "support-copilot" }, select: { id: true } });
    demoProjectId = project.id;
    const key = await createApiKey(f.t.db, { projectId: project.id, name: "demo" });
    await addBudget(f.t.db, f.redis, org.id, { name: "Support hard cap", scope: "project", projectId: project.id, period: "month", amountUsd: "5", mode: "hard" });
    expect(await ensureDemoLocalModel(f.t.db, f.redis, { baseUrl: "http://127.0.0.1:9/v1", upstreamModel: local.modelName })).toEqual({ status: "created", alias: "local-tiny" });
    // The next start finds the runner on another port: only the provider moves.
    expect(await ensureDemoLocalModel(f.t.db, f.redis, { baseUrl: local.baseURL, upstreamModel: local.modelName })).toEqual({ status: "moved", alias: "local-tiny" });
    expect(await ensureDemoLocalModel(f.t.db, f.redis, { baseUrl: local.baseURL, upstreamModel: local.modelName })).toEqual({ status: "unchanged", alias: "local-tiny" });
    viaTollgate = new OpenAI({ baseURL: f.baseURL, apiKey: key.secret, maxRetries: 0 });
    direct = new OpenAI({ baseURL: local.baseURL, apiKey: "unused", maxRetries: 0 });
  }, 120_000);
  afterAll(async () => {
    await local?.close();
    await f?.close();
  });

  async function rowFor(requestId: string | null) {
    expect(requestId).toMatch(/^req_/);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const row = await f.t.db.usageEvent.findUnique({ where: { requestId_attempt: { requestId: requestId!, attempt: 0 } } });
      if (row) return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no usage row for ${requestId}`);
  }

  describe("through Tollgate's proxy with the OpenAI SDK", () => {
    it("the demo catalog entry: local provider, hardware pricing, a price derived from it", async () => {
      const model = await f.t.db.model.findFirstOrThrow({
        where: { alias: DEMO_LOCAL_MODEL.alias, org: { slug: DEMO_ORG.slug } },
        select: { isLocal: true, displayName: true, contextWindow: true, prices: true, deployments: { select: { upstreamModel: true, hourlyCostUsd: true, expectedUtilisation: true, provider: true } } },
      });
      expect(model).toMatchObject({ isLocal: true, displayName: expect.stringMatching(/random weights, answers are gibberish/), contextWindow: 4096 });
      expect(model.deployments).toHaveLength(1);
      const [d] = model.deployments;
      expect(d!.provider).toMatchObject({ vendor: "llamacpp", kind: "local", baseUrl: local.baseURL });
      expect([d!.upstreamModel, d!.hourlyCostUsd?.toString(), d!.expectedUtilisation?.toString()]).toEqual(["tollgate-tiny", "0.2", "0.5"]);
      expect(model.prices).toHaveLength(1);
      // $0.20/h ÷ (500 tokens/s × 3,600 / 10⁶) ÷ 0.5
      expect([model.prices[0]!.inputPerMTok.toString(), model.prices[0]!.outputPerMTok.toFixed(6), model.prices[0]!.source]).toEqual(["0", "0.222223", "hardware estimate (demo)"]);
    });

    it("non-streaming: a real completion, usage as the model counted it, exact hardware-derived cost in Postgres", async () => {
      const { data, response } = await viaTollgate.chat.completions
        .create({ model: "local-tiny", messages: [{ role: "user", content: "Hello, who are you?" }], max_tokens: MAX_TOKENS, temperature: 0 })
        .withResponse();
      const text = data.choices[0]!.message.content!;
      expect(text.trim().split(/\s+/).length).toBeGreaterThan(3); // words from the tiny vocabulary: gibberish, but real generation
      expect(data.choices[0]!.finish_reason).toBe("length");
      expect(data.usage).toMatchObject({ completion_tokens: MAX_TOKENS });
      expect(data.usage!.prompt_tokens).toBeGreaterThan(5);
      expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + MAX_TOKENS);
      expect(response.headers.get("x-tollgate-served-model")).toBe("local-tiny");
      const expected = priceRequest({ inputTokens: data.usage!.prompt_tokens, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: MAX_TOKENS, reasoningTokens: 0 }, hardwarePrice()).total;
      expect(response.headers.get("x-tollgate-cost-usd")).toBe(expected);
      expect(Number(expected)).toBeGreaterThan(0);

      const row = await rowFor(response.headers.get("x-request-id"));
      expect(row).toMatchObject({
        requestedModel: "local-tiny", servedModel: "local-tiny", projectId: demoProjectId, status: "ok", httpStatus: 200, streamed: false,
        usageSource: "reported", inputTokens: data.usage!.prompt_tokens, outputTokens: MAX_TOKENS,
      });
      expect(row.costUsd?.toFixed(9)).toBe(expected);
      expect(row.priceId).not.toBeNull();
    });

    it("streaming without include_usage: text arrives in chunks, the client sees no usage, Tollgate still meters the reported usage", async () => {
      const { data: stream, response } = await viaTollgate.chat.completions
        .create({ model: "local-tiny", messages: [{ role: "user", content: "Stream a story" }], max_tokens: MAX_TOKENS, temperature: 0, stream: true })
        .withResponse();
      let text = "";
      let contentChunks = 0;
      let finish: string | null = null;
      for await (const chunk of stream) {
        expect(chunk.usage ?? undefined).toBeUndefined();
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) contentChunks++;
        text += delta ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(contentChunks).toBeGreaterThan(3);
      expect(finish).toBe("length");
      // Greedy decoding is deterministic: the same prompt answered as JSON gives the same text.
      const again = await direct.chat.completions.create({ model: local.modelName, messages: [{ role: "user", content: "Stream a story" }], max_tokens: MAX_TOKENS, temperature: 0 });
      expect(text).toBe(again.choices[0]!.message.content);

      const row = await rowFor(response.headers.get("x-request-id"));
      expect(row).toMatchObject({ streamed: true, usageSource: "reported", outputTokens: MAX_TOKENS, inputTokens: again.usage!.prompt_tokens, status: "ok" });
      expect(row.ttftMs).not.toBeNull();
      expect(row.costUsd?.toFixed(9)).toBe(priceRequest({ inputTokens: again.usage!.prompt_tokens, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: MAX_TOKENS, reasoningTokens: 0 }, hardwarePrice()).total);
    });

    it("streaming with include_usage: the client gets the usage chunk, last", async () => {
      const stream = await viaTollgate.chat.completions.create({ model: "local-tiny", messages: [{ role: "user", content: "hi" }], max_tokens: 8, temperature: 0, stream: true, stream_options: { include_usage: true } });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 8 } });
      expect(chunks.filter((c) => c.usage).length).toBe(1);
    });
  });

  describe("the server itself", () => {
    const post = (body: string | object, headers: Record<string, string> = {}) =>
      fetch(`${local.baseURL}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
    const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: Record<string, unknown> }).error });
    const hi: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "hi" }];

    it("lists its model and reports health", async () => {
      expect((await direct.models.list()).data.map((m) => m.id)).toEqual(["tollgate-tiny"]);
      expect(await (await fetch(`${local.url}/health`)).json()).toMatchObject({ status: "ok", model: "tollgate-tiny", parallel: 2, busy: 0, queued: 0 });
      expect(await errorOf(await fetch(`${local.baseURL}/models/gpt-5`))).toMatchObject({ status: 404, code: "model_not_found" });
    });

    it("refuses bad input in OpenAI's error shape, naming the field", async () => {
      expect(await errorOf(await post('{"model": "tollgate-tiny", "messages": ['))).toEqual({ status: 400, message: expect.any(String), type: "invalid_request_error", param: null, code: "invalid_json" });
      expect(await errorOf(await post({ model: local.modelName, messages: hi, max_tokens: 1e12 }))).toMatchObject({ status: 400, type: "invalid_request_error", param: "max_tokens", code: "invalid_value" });
      expect(await errorOf(await post({ model: local.modelName, messages: hi, max_completion_tokens: 0 }))).toMatchObject({ status: 400, param: "max_completion_tokens" });
      expect(await errorOf(await post({ model: "gpt-9", messages: hi }))).toMatchObject({ status: 404, type: "invalid_request_error", param: "model", code: "model_not_found", message: expect.stringContaining("gpt-9") });
      expect(await errorOf(await post({ model: local.modelName, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }] }))).toMatchObject({ status: 400, param: "messages[0].content[0].type" });
      expect(await errorOf(await post({ model: local.modelName, messages: [] }))).toMatchObject({ status: 400, param: "messages" });
      expect(await errorOf(await post({ model: local.modelName, messages: hi, temperature: "hot" }))).toMatchObject({ status: 400, param: "temperature" });
      expect(await errorOf(await post("x".repeat(2 * 1024 * 1024)))).toMatchObject({ status: 413, code: "request_too_large" });
      // A prompt longer than the context: refused before any generation.
      const long = await errorOf(await post({ model: local.modelName, messages: [{ role: "user", content: "hello ".repeat(5000) }], max_tokens: 16 }));
      expect(long).toMatchObject({ status: 400, code: "context_length_exceeded", param: "messages" });
      // SDK errors arrive as the right classes.
      await expect(direct.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      expect(await errorOf(await fetch(`${local.baseURL}/completions`, { method: "POST", body: "{}" }))).toMatchObject({ status: 404, code: "unknown_url" });
    });

    it("honours stop, seed and tools (answered as text), and survives odd text", async () => {
      const greedy = await direct.chat.completions.create({ model: local.modelName, messages: [{ role: "user", content: "What does it cost?" }], max_tokens: MAX_TOKENS, temperature: 0 });
      const words = greedy.choices[0]!.message.content!.split(" ");
      const stopAt = words[3]!;
      const stopped = await direct.chat.completions.create({ model: local.modelName, messages: [{ role: "user", content: "What does it cost?" }], max_tokens: MAX_TOKENS, temperature: 0, stop: [stopAt] });
      expect(stopped.choices[0]!.finish_reason).toBe("stop");
      const before = greedy.choices[0]!.message.content!.slice(0, greedy.choices[0]!.message.content!.indexOf(stopAt));
      expect(stopped.choices[0]!.message.content).toBe(before);
      expect(stopped.usage!.completion_tokens).toBeLessThan(MAX_TOKENS);

      const sampled = () => direct.chat.completions.create({ model: local.modelName, messages: [{ role: "user", content: "seeded" }], max_tokens: MAX_TOKENS, temperature: 1, seed: 1234 });
      expect((await sampled()).choices[0]!.message.content).toBe((await sampled()).choices[0]!.message.content);

      const withTools = await direct.chat.completions.create({
        model: local.modelName, messages: [{ role: "user", content: "weather?" }], max_tokens: 4, temperature: 0,
        tools: [{ type: "function", function: { name: "weather", parameters: { type: "object", properties: {} } } }],
      });
      expect(withTools.choices[0]!.message).toMatchObject({ role: "assistant", content: expect.any(String) });
      expect(withTools.choices[0]!.message.tool_calls).toBeUndefined();

      const odd = await direct.chat.completions.create({ model: local.modelName, messages: [{ role: "user", content: "nul\u0000 byte, ünïcode 😀 <|im_end|> <s>" }], max_tokens: 4, temperature: 0 });
      expect(odd.usage!.completion_tokens).toBe(4);
    });

    it("answers a request without max_tokens with TINY_DEFAULT_MAX_TOKENS (the tiny model never ends by itself)", async () => {
      const r = await direct.chat.completions.create({ model: local.modelName, messages: hi, temperature: 0 });
      expect([r.usage!.completion_tokens, r.choices[0]!.finish_reason]).toEqual([TINY_DEFAULT_MAX_TOKENS, "length"]);
    });

    it("runs `parallel` generations at once, queues the next and refuses beyond the queue with 503", async () => {
      const send = () => post({ model: local.modelName, messages: hi, max_tokens: 256, temperature: 0 });
      const results = await Promise.all(Array.from({ length: 6 }, send));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 503, 503]);
      const refused = results.find((r) => r.status === 503)!;
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await errorOf(refused)).toMatchObject({ type: "server_error", code: "server_overloaded" });
      for (const r of results.filter((r) => r.status === 200)) expect(((await r.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(256);
    });

    it("a client that disconnects stops its generation and frees the sequence", async () => {
      const abort = new AbortController();
      const started = Date.now();
      const stream = await direct.chat.completions.create(
        { model: local.modelName, messages: hi, max_tokens: 4000, temperature: 0, stream: true },
        { signal: abort.signal },
      );
      let got = 0;
      try {
        for await (const chunk of stream) {
          if (chunk.choices[0]?.delta?.content && ++got === 3) abort.abort();
        }
      } catch {
        // the SDK rethrows the abort
      }
      expect(got).toBe(3);
      const health = async () => (await (await fetch(`${local.url}/health`)).json()) as { busy: number };
      const deadline = Date.now() + 3000;
      while ((await health()).busy > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await health()).busy).toBe(0);
      // 4,000 tokens take seconds here; stopping took a fraction of that.
      expect(Date.now() - started).toBeLessThan(2500);
      const next = await direct.chat.completions.create({ model: local.modelName, messages: hi, max_tokens: 4, temperature: 0 });
      expect(next.usage!.completion_tokens).toBe(4);
    });
  });
});
