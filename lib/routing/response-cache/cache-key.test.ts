import { describe, expect, it } from "vitest";
import { cacheKey, FIELDS_OUTSIDE_KEY, isCacheable, orgKeyPattern, parseCacheKey, uncacheableReason, type CacheKeyInput } from "./cache-key";

const body = {
  model: "auto",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Capital of France?" },
  ],
  temperature: 0.2,
  response_format: { type: "json_schema", json_schema: { name: "a", schema: { type: "object", properties: { city: { type: "string" } } } } },
};
const base: CacheKeyInput = { orgId: "org_a", projectId: "proj_1", shareAcrossProjects: false, endpoint: "chat.completions", model: "gpt-5-mini", body };
const key = (over: Partial<CacheKeyInput> = {}) => cacheKey({ ...base, ...over });

describe("cacheKey", () => {
  it("is namespaced by org and parses back", () => {
    const k = key();
    expect(k).toMatch(/^tollgate:rcache:org_a:[0-9a-f]{64}$/);
    expect(parseCacheKey(k)).toEqual({ orgId: "org_a", hash: k.slice(-64) });
    expect(orgKeyPattern("org_a")).toBe("tollgate:rcache:org_a:*");
    expect(parseCacheKey("tollgate:rcache:org_a:index")).toBeNull();
  });

  it("ignores key order at every level, never array order", () => {
    const reordered = {
      response_format: { json_schema: { schema: { properties: { city: { type: "string" } }, type: "object" }, name: "a" }, type: "json_schema" },
      temperature: 0.2,
      messages: [
        { content: "Be brief.", role: "system" },
        { content: "Capital of France?", role: "user" },
      ],
      model: "auto",
    };
    expect(key({ body: reordered })).toBe(key());
    expect(key({ body: { ...body, messages: [...body.messages].reverse() } })).not.toBe(key());
  });

  it("differs by org, project, endpoint and serving model", () => {
    const keys = [key(), key({ orgId: "org_b" }), key({ projectId: "proj_2" }), key({ model: "gpt-5-nano" }), key({ endpoint: "responses" })];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("leaves the project out only when shared, and never the org", () => {
    const shared = key({ shareAcrossProjects: true });
    expect(key({ shareAcrossProjects: true, projectId: "proj_2" })).toBe(shared);
    expect(shared).not.toBe(key());
    expect(shared).not.toBe(key({ projectId: "proj_2" }));
    expect(key({ shareAcrossProjects: true, orgId: "org_b" })).not.toBe(shared);
  });

  it("ignores the transport and bookkeeping fields, and the requested model name", () => {
    const noisy = {
      ...body, model: "gpt-5-mini", stream: true, stream_options: { include_usage: true }, user: "u-1", safety_identifier: "s",
      metadata: { team: "x" }, store: true, service_tier: "flex", prompt_cache_key: "k", prompt_cache_retention: "24h",
    };
    expect(key({ body: noisy })).toBe(key());
    expect(Object.keys(FIELDS_OUTSIDE_KEY).sort()).toEqual(["metadata", "model", "prompt_cache_key", "prompt_cache_retention", "safety_identifier", "service_tier", "store", "stream", "stream_options", "user"]);
  });

  it("keeps everything that shapes the answer, including fields it does not know", () => {
    for (const extra of [{ n: 2 }, { seed: 7 }, { temperature: 0.3 }, { max_tokens: 5 }, { tools: [{ type: "function", function: { name: "f" } }] }, { logprobs: true }, { some_new_field: 1 }]) {
      expect(key({ body: { ...body, ...extra } }), JSON.stringify(extra)).not.toBe(key());
    }
    // Excluded names only at the top level: a `user` inside a message is content.
    const nested = { ...body, messages: [{ role: "user", content: "hi", user: "x" }] };
    expect(key({ body: nested })).not.toBe(key({ body: { ...body, messages: [{ role: "user", content: "hi" }] } }));
  });

  it("tells apart values that would print alike if not escaped", () => {
    const k = (content: unknown) => key({ body: { messages: [{ role: "user", content }] } });
    const distinct = [k("a\u0000b"), k("a\u0000c"), k("ab"), k("\ud800"), k("\udc00"), k("\ufffd"), k(1), k("1"), k(null), k([]), k({})];
    expect(new Set(distinct).size).toBe(distinct.length);
    expect(k("\u0000".repeat(3))).toBe(k("\u0000\u0000\u0000"));
  });

  it("treats a __proto__ key as data", () => {
    const a = JSON.parse('{"messages":[],"__proto__":{"x":1}}') as Record<string, unknown>;
    const b = JSON.parse('{"messages":[],"__proto__":{"x":2}}') as Record<string, unknown>;
    expect(key({ body: a })).not.toBe(key({ body: b }));
    expect(key({ body: a })).not.toBe(key({ body: { messages: [] } }));
  });

  it("hashes big and deeply nested bodies, equal ones alike", () => {
    const big = { messages: [{ role: "user", content: "x".repeat(20_000_000) }], tools: Array.from({ length: 5000 }, (_, i) => ({ type: "function", function: { name: `f${i}` } })) };
    const started = performance.now();
    const k1 = key({ body: big });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(key({ body: structuredClone(big) })).toBe(k1);
    expect(key({ body: { ...big, messages: [{ role: "user", content: `${"x".repeat(19_999_999)}y` }] } })).not.toBe(k1);
    let deep: unknown = "leaf";
    for (let i = 0; i < 500; i++) deep = { a: [deep] };
    expect(key({ body: { messages: deep } })).toMatch(/[0-9a-f]{64}$/);
  });

  it("refuses an org id that could break the namespace", () => {
    expect(() => key({ orgId: "a:*" })).toThrow(/not an id/);
    expect(() => orgKeyPattern("")).toThrow(/not an id/);
  });
});

describe("isCacheable", () => {
  const chat = (extra: Record<string, unknown>) => uncacheableReason("chat.completions", { ...body, ...extra });
  const responses = (extra: Record<string, unknown>) => uncacheableReason("responses", { model: "m", input: "hi", ...extra });

  it("allows plain, streaming, multi-choice and tool-calling chat, and embeddings", () => {
    expect(isCacheable("chat.completions", body)).toBe(true);
    expect(chat({ stream: true, n: 3 })).toBeNull();
    expect(chat({ tools: [{ type: "function", function: { name: "f", parameters: {} } }], tool_choice: "required" })).toBeNull();
    expect(chat({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] }] })).toBeNull();
    expect(isCacheable("embeddings", { model: "e", input: ["a", "b"], stream: true })).toBe(true);
    expect(responses({ store: false })).toBeNull();
    expect(responses({ prompt: { id: "pmpt_1", version: "3" } })).toBeNull();
  });

  it("refuses answers that depend on more than the body, or that a replay would skip", () => {
    expect(chat({ web_search_options: {} })).toMatch(/web/);
    expect(chat({ modalities: ["text", "audio"] })).toMatch(/audio/);
    expect(chat({ audio: { voice: "alloy", format: "wav" } })).toMatch(/audio/);
    expect(chat({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x.test/cat.png" } }] }] })).toMatch(/remote/);
    expect(responses({ input: [{ role: "user", content: [{ type: "input_image", image_url: "https://x.test/a.png" }] }] })).toMatch(/remote/);
    expect(responses({ input: [{ role: "user", content: [{ type: "input_file", file_url: "https://x.test/a.pdf" }] }] })).toMatch(/remote/);
    expect(responses({ input: [{ role: "user", content: [{ type: "input_file", file_id: "file_1" }] }] })).toBeNull();
    expect(responses({ tools: [{ type: "web_search" }] })).toMatch(/hosted/);
    expect(responses({ tools: [{ type: "function", name: "f" }, { type: "mcp", server_url: "https://m.test" }] })).toMatch(/hosted/);
    expect(responses({ previous_response_id: "resp_1" })).toMatch(/stored state/);
    expect(responses({ conversation: "conv_1" })).toMatch(/stored state/);
    expect(responses({ background: true })).toMatch(/background/);
    expect(responses({ prompt: { id: "pmpt_1" } })).toMatch(/version/);
    expect(responses({ stream: true })).toMatch(/streaming/);
  });
});
