// The official openai SDK, unchanged but for base URL and key, through the
// proxy to the fake upstream; every request lands in Postgres with exact cost.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { priceRequest } from "../../lib/pricing/price-request";
import { estimateTokens } from "../../lib/proxy/estimate-tokens";
import { startProxyFixture, UPSTREAM_CREDENTIAL, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
let client: OpenAI;
const gpt5mini = { inputPerMTok: "0.25", cachedInputPerMTok: "0.025", cacheWritePerMTok: null, outputPerMTok: "2", reasoningPerMTok: null };

beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.proxyOpenaiSdk });
  client = new OpenAI({ baseURL: f.baseURL, apiKey: f.apiKey, maxRetries: 0 });
});
afterAll(() => f.close());
beforeEach(() => f.upstream.reset());

/** The usage row of one request, once the worker has written it. */
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

describe("proxy with the openai SDK", () => {
  it("non-streaming chat: answers, prices exactly, forwards the upstream model and credential", async () => {
    f.upstream.set({ completionTokens: 30, cachedTokens: 2, reasoningTokens: 5 });
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-5-mini", messages: [{ role: "user", content: "one two three four" }], user: "end-user-7" }, { headers: { "x-tollgate-tags": "team:search, feature:rerank" } })
      .withResponse();
    expect(data.choices[0]!.message.content).toMatch(/^tok( tok)*$/);
    expect(data.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 30 });
    const expected = priceRequest({ inputTokens: 4, cachedInputTokens: 2, cacheWriteTokens: 0, outputTokens: 30, reasoningTokens: 5 }, gpt5mini).total;
    expect(response.headers.get("x-tollgate-cost-usd")).toBe(expected);
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{24}$/);

    const sent = f.upstream.requests.at(-1)!;
    expect(sent.body.model).toBe("gpt-5-mini-2026-01-01");
    expect(sent.headers.authorization).toBe(`Bearer ${UPSTREAM_CREDENTIAL}`);

    const row = await rowFor(response.headers.get("x-request-id"));
    expect(row).toMatchObject({
      requestedModel: "gpt-5-mini", servedModel: "gpt-5-mini", tier: "economy",
      inputTokens: 4, cachedInputTokens: 2, outputTokens: 30, reasoningTokens: 5,
      usageSource: "reported", status: "ok", httpStatus: 200, streamed: false,
      tags: ["team:search", "feature:rerank"], endUser: "end-user-7", apiKeyId: f.apiKeyId, projectId: f.projectId,
    });
    expect(row.costUsd?.toFixed(9)).toBe(expected);
    expect(row.priceId).not.toBeNull();
  });

  it("streaming chat without include_usage: the client sees no usage chunk, Tollgate still meters reported usage", async () => {
    f.upstream.set({ completionTokens: 12 });
    const { data: stream, response } = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "stream please" }], stream: true }).withResponse();
    let text = "";
    for await (const chunk of stream) {
      expect(chunk.usage ?? undefined).toBeUndefined();
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(text.split(" ")).toHaveLength(12);
    expect(f.upstream.requests.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    const row = await rowFor(response.headers.get("x-request-id"));
    expect(row).toMatchObject({ streamed: true, usageSource: "reported", inputTokens: 2, outputTokens: 12, status: "ok" });
    expect(row.ttftMs).not.toBeNull();
    expect(row.costUsd?.toFixed(9)).toBe(priceRequest({ inputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 12, reasoningTokens: 0 }, gpt5mini).total);
  });

  it("a stream's headers reach the client before a slow first token; with a fast one they leave together, and both streams are whole", async () => {
    const slow = 600;
    f.upstream.set({ headersFirst: true, ttftMs: slow, completionTokens: 5 });
    const res = await fetch(`${f.baseURL}/chat/completions`, {
      method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "slow" }], stream: true }),
    });
    const headersAt = performance.now();
    // The upstream had not written its first token yet when the client had the headers.
    expect(headersAt).toBeLessThan(f.upstream.requests.at(-1)!.receivedAtMs + slow);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    expect(text.match(/"content":"[^"]+"/g)).toHaveLength(5);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    f.upstream.reset();
    const fast = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "fast" }], stream: true });
    let words = 0;
    for await (const chunk of fast) if (chunk.choices[0]?.delta?.content) words++;
    expect(words).toBe(20);
  });

  it("streaming chat with include_usage: the client gets the usage chunk it asked for", async () => {
    const stream = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    const usages = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toEqual([expect.objectContaining({ prompt_tokens: 1, completion_tokens: 20 })]);
  });

  it("an unknown price is metered as unpriced, never $0", async () => {
    const { response } = await client.chat.completions.create({ model: "mystery-model", messages: [{ role: "user", content: "x" }] }).withResponse();
    expect(response.headers.get("x-tollgate-cost-usd")).toBe("unpriced");
    const row = await rowFor(response.headers.get("x-request-id"));
    expect(row.costUsd).toBeNull();
    expect(row.servedModel).toBe("mystery-model");
  });

  it("no usage from the upstream: counted with the tokenizer and marked estimated", async () => {
    f.upstream.set({ omitUsage: true, completionTokens: 10 });
    const { response } = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "hello there general kenobi" }] }).withResponse();
    const row = await rowFor(response.headers.get("x-request-id"));
    expect(row.usageSource).toBe("estimated");
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBe(10); // "tok tok ..." is one token per word in o200k
    expect(row.costUsd).not.toBeNull();
  });

  it("no usage from the upstream and a prompt that spells a special token: counted as ordinary text, still metered", async () => {
    f.upstream.set({ omitUsage: true, completionTokens: 10 });
    const content = "quote this: <|endoftext|> and <|endofprompt|>";
    const { response } = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content }] }).withResponse();
    expect(response.status).toBe(200);
    const row = await rowFor(response.headers.get("x-request-id"));
    expect(row).toMatchObject({ usageSource: "estimated", inputTokens: estimatedInput(content), outputTokens: 10 });
    expect(row.costUsd).not.toBeNull();
    // Streamed, the same prompt and an answer that spells one too.
    f.upstream.set({ omitUsage: true, content: "<|endoftext|> is what it said" });
    const { data: stream, response: streamed } = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content }], stream: true }).withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("<|endoftext|> is what it said");
    const streamedRow = await rowFor(streamed.headers.get("x-request-id"));
    expect(streamedRow).toMatchObject({ usageSource: "estimated", inputTokens: estimatedInput(content), outputTokens: estimateTokens(text), streamed: true });
  });

  // What the SDK sees of a stream the upstream cut off: the text that arrived, then an error.
  async function readCutStream(body: { model: string; messages: { role: "user"; content: string }[] }) {
    const { data: stream, response } = await client.chat.completions.create({ ...body, stream: true }).withResponse();
    let text = "";
    let error: unknown = null;
    try {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    } catch (e) {
      error = e;
    }
    return { text, error, row: await rowFor(response.headers.get("x-request-id")) };
  }
  // Input as the reservation counts it: the text plus 4 tokens of framing per message and 3 for the reply.
  const estimatedInput = (content: string) => estimateTokens(content) + 4 + 3;

  it("a stream the upstream drops mid-answer: the SDK raises, the row says the stream broke (estimated from what was streamed)", async () => {
    // A few ms between tokens, so the first tokens leave before the upstream drops the connection.
    f.upstream.set({ completionTokens: 50, disconnectAfterTokens: 7, tokensPerSecond: 500 });
    const { text, error, row } = await readCutStream({ model: "gpt-5-mini", messages: [{ role: "user", content: "go on then" }] });
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/ended the stream before the response was complete/);
    // Exactly what reached the client (the last token may die with the socket), counted with the tokenizer.
    expect(text.split(" ").length).toBeGreaterThanOrEqual(5);
    expect(text.split(" ").length).toBeLessThanOrEqual(7);
    expect(row).toMatchObject({
      usageSource: "estimated", outputTokens: estimateTokens(text), inputTokens: estimatedInput("go on then"), streamed: true,
      status: "upstream_error", httpStatus: 200, errorClass: "upstream_stream_broken",
    });
  });

  it("a stream the upstream ends cleanly but unfinished (no finish_reason, no [DONE]): the SDK raises, the row says so", async () => {
    f.upstream.set({ completionTokens: 50, endStreamAfterTokens: 6 });
    const { text, error, row } = await readCutStream({ model: "gpt-5-mini", messages: [{ role: "user", content: "tell me a long story" }] });
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(text.split(" ")).toHaveLength(6);
    expect(row).toMatchObject({
      usageSource: "estimated", outputTokens: estimateTokens(text), inputTokens: estimatedInput("tell me a long story"),
      status: "upstream_error", httpStatus: 200, errorClass: "upstream_stream_incomplete",
    });
    // A client that does not parse events sees a broken transfer, not a clean end.
    const res = await fetch(`${f.baseURL}/chat/completions`, {
      method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "x" }], stream: true }),
    });
    await expect(res.text()).rejects.toThrow();
  });

  it("a stream that finishes without [DONE] (finish_reason sent) ends normally", async () => {
    f.upstream.set({ completionTokens: 4, omitDone: true });
    const { data: stream, response } = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], stream: true }).withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("tok tok tok tok");
    expect(await rowFor(response.headers.get("x-request-id"))).toMatchObject({ status: "ok", errorClass: null, usageSource: "reported" });
  });

  it("a stream whose upstream is slow to end after [DONE]: the client has [DONE] and the whole answer before the upstream ends", async () => {
    let release!: () => void;
    const ended = new Promise<void>((r) => (release = r));
    let upstreamClosed = () => true;
    f.upstream.set({ completionTokens: 3, endAfterDone: (held) => ((upstreamClosed = held.closed), ended) });
    try {
      const res = await fetch(`${f.baseURL}/chat/completions`, {
        method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], stream: true }),
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (!text.includes("data: [DONE]")) {
        const { value, done } = await reader.read();
        expect(done, `the stream ended before [DONE]: ${text}`).toBe(false);
        text += decoder.decode(value, { stream: true });
      }
      // While the upstream still holds its response open (the proxy has not timed out on it and hung up).
      expect(upstreamClosed()).toBe(false);
      expect(text.match(/"content":"[^"]*tok/g)).toHaveLength(3);
      release();
      while (!(await reader.read()).done);
      expect(await rowFor(res.headers.get("x-request-id"))).toMatchObject({ status: "ok", errorClass: null, usageSource: "reported", outputTokens: 3 });
    } finally {
      release();
    }
  });

  it("a stream the client abandons is settled from what was streamed, marked estimated", async () => {
    f.upstream.set({ completionTokens: 200, tokensPerSecond: 200 });
    const { data: stream, response } = await client.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "go" }], stream: true }).withResponse();
    let seen = 0;
    // Leaving the loop makes the SDK abort the HTTP request.
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) seen++;
      if (seen === 5) break;
    }
    const row = await rowFor(response.headers.get("x-request-id"));
    expect(row).toMatchObject({ usageSource: "estimated", errorClass: "client_disconnected", streamed: true });
    expect(row.outputTokens).toBeGreaterThanOrEqual(5);
    expect(row.outputTokens).toBeLessThan(200);
  });

  it("embeddings, responses and models work and are metered", async () => {
    const { data: emb, response: embResponse } = await client.embeddings.create({ model: "gpt-5-mini", input: ["a b c", "d e"] }).withResponse();
    expect(emb.data).toHaveLength(2);
    const { data: resp, response: respResponse } = await client.responses.create({ model: "gpt-5-mini", input: "say something short" }).withResponse();
    expect(resp.output_text).toContain("tok");
    const models = await client.models.list();
    expect(models.data.map((m) => m.id).sort()).toEqual(["gpt-5-mini", "mystery-model"]);
    expect(await rowFor(embResponse.headers.get("x-request-id"))).toMatchObject({ endpoint: "/v1/embeddings", inputTokens: 5, outputTokens: 0 });
    expect(await rowFor(respResponse.headers.get("x-request-id"))).toMatchObject({ endpoint: "/v1/responses", inputTokens: 3, outputTokens: 20, usageSource: "reported" });
  });

  it("passes tools, JSON mode and image parts through untouched", async () => {
    const body = {
      model: "gpt-5-mini",
      messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "what is this" }, { type: "image_url" as const, image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }],
      tools: [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }],
      response_format: { type: "json_object" as const },
    };
    await client.chat.completions.create(body);
    const sent = f.upstream.requests.at(-1)!.body;
    expect(sent.messages).toEqual(body.messages);
    expect(sent.tools).toEqual(body.tools);
    expect(sent.response_format).toEqual(body.response_format);
  });
});
