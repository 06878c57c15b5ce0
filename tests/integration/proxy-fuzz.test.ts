// Property-based fuzzing of the proxy's input handling: thousands of
// malformed bodies and headers. Never a 5xx, never a crash, every answer in
// OpenAI's error shape or a real completion, and every forwarded request
// metered exactly once.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.proxyFuzz });
});
afterAll(() => f.close());

const RUNS = 5000;

const model = fc.oneof(fc.constant("gpt-5-mini"), fc.constant("mystery-model"), fc.string(), fc.integer(), fc.constant(null), fc.object());
const message = fc.record({ role: fc.oneof(fc.constant("user"), fc.string()), content: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] });
const chatLike = fc.record(
  {
    model,
    messages: fc.oneof(fc.array(message, { maxLength: 3 }), fc.jsonValue()),
    stream: fc.oneof(fc.boolean(), fc.jsonValue()),
    stream_options: fc.oneof(fc.record({ include_usage: fc.jsonValue() }), fc.jsonValue()),
    max_tokens: fc.oneof(fc.integer(), fc.string()),
    user: fc.oneof(fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
// Well-formed chats with odd values where the proxy does not look (it validates only what it relies on).
const validChat = fc.record(
  {
    model: fc.constant("gpt-5-mini"),
    messages: fc.array(fc.record({ role: fc.constant("user"), content: fc.oneof(fc.string(), fc.jsonValue()) }), { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    max_tokens: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), fc.constant(1e300)),
    user: fc.oneof(fc.string(), fc.jsonValue()),
    metadata: fc.jsonValue(),
  },
  { requiredKeys: ["model", "messages"] },
);
const body = fc.oneof(
  chatLike.map((b) => JSON.stringify(b)),
  validChat.map((b) => JSON.stringify(b)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(), // arbitrary text, mostly not JSON
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
  chatLike.map((b) => JSON.stringify(b).slice(0, -1)), // truncated JSON
  fc.constant(""),
);
const auth = fc.oneof(fc.constant("valid"), fc.constant("none"), fc.string(), fc.constant("Bearer "), fc.constant("Basic abc"));
const path = fc.constantFrom("/chat/completions", "/chat/completions", "/responses", "/embeddings", "/models", "/nope", "/chat/completions?x=1");
const method = fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE");
const tags = fc.option(fc.string({ maxLength: 300 }), { nil: undefined });
const contentType = fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "");

describe("proxy fuzzing", () => {
  it(`answers ${RUNS} malformed requests without a 5xx and meters forwarded ones exactly once`, async () => {
    const forwarded = new Set<string>();
    let served = 0;
    await fc.assert(
      fc.asyncProperty(body, auth, path, method, tags, contentType, async (b, a, p, m, t, ct) => {
        const headers: Record<string, string> = {};
        if (ct) headers["content-type"] = ct;
        if (a === "valid") headers.authorization = `Bearer ${f.apiKey}`;
        else if (a !== "none") headers.authorization = a.replace(/[^\t\x20-\x7e]/g, "");
        if (t !== undefined) headers["x-tollgate-tags"] = t.replace(/[^\t\x20-\x7e]/g, "");
        const upstreamBefore = f.upstream.requests.length;
        const res = await fetch(`${f.baseURL}${p}`, { method: m, headers, body: m === "GET" ? undefined : b });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        expect(res.headers.get("x-request-id")).toMatch(/^req_/);
        if (res.status >= 400) {
          const json = JSON.parse(text);
          expect(typeof json.error.message).toBe("string");
          expect(typeof json.error.type).toBe("string");
        } else {
          served++;
        }
        if (f.upstream.requests.length > upstreamBefore) forwarded.add(res.headers.get("x-request-id")!);
      }),
      { numRuns: RUNS, seed: 20261123 },
    );
    expect(served).toBeGreaterThan(0);
    expect(forwarded.size).toBeGreaterThan(0);

    // Every forwarded request is metered once: as many rows as forwarded requests, one per request id.
    await f.waitForUsage(forwarded.size, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const rows = await f.t.db.usageEvent.findMany({ select: { requestId: true } });
    expect(rows).toHaveLength(forwarded.size);
    expect(new Set(rows.map((r) => r.requestId))).toEqual(forwarded);
  }, 300_000);

  // What only a count reads: the tokenizer runs when the upstream reports no usage or cuts a stream short.
  const trickyText = fc.oneof(
    fc.string(),
    fc.constantFrom("<|endoftext|>", "<|im_start|>user", "<|fim_prefix|>x<|fim_suffix|>", "<|endofprompt|>", "\u0000", "\ud800", "\udfff\ud800", "\u202e", "🇫🇷👩‍👩‍👧"),
    fc.array(fc.constantFrom("<|endoftext|>", "a", " ", "\u0000", "\ud83d", "日本", "<|"), { maxLength: 40 }).map((parts) => parts.join("")),
    fc.string({ unit: "grapheme", maxLength: 60 }),
    fc.string({ unit: "binary", maxLength: 60 }),
  );
  const countedChat = fc.record({
    model: fc.constant("gpt-5-mini"),
    messages: fc.array(fc.record({ role: fc.constantFrom("user", "system", "assistant"), content: fc.oneof(trickyText, fc.array(fc.record({ type: fc.constant("text"), text: trickyText }), { maxLength: 3 })) }), { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    tools: fc.option(fc.constant([{ type: "function", function: { name: "f", description: "<|endoftext|>", parameters: { type: "object" } } }]), { nil: undefined }),
  }, { requiredKeys: ["model", "messages", "stream"] });
  const upstreamWay = fc.constantFrom({ omitUsage: true }, { endStreamAfterTokens: 1 }, { disconnectAfterTokens: 1 });
  // At least three words (the fake streams a word a chunk), so a stream cut after one is always cut short.
  const answerText = fc.option(fc.tuple(trickyText, trickyText).map(([a, b]) => `${a} and ${b} end`), { nil: undefined });

  it("answers requests whose usage must be counted (no usage from the upstream, streams cut short) without a 5xx, and meters each once, estimated", async () => {
    const forwarded = new Set<string>();
    // Counted (estimated) when the upstream omits usage, or cuts the stream short; a JSON answer of a stream-cutting upstream reports it.
    const counted = new Set<string>();
    try {
      await fc.assert(
        fc.asyncProperty(countedChat, upstreamWay, answerText, async (chat, way, answer) => {
          f.upstream.reset();
          f.upstream.set({ ...way, ...(answer === undefined ? {} : { content: answer }) });
          const upstreamBefore = f.upstream.requests.length;
          const res = await fetch(`${f.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(chat) });
          // A stream the upstream dropped ends the client's body early too: that is the answer, not a failure here.
          const text = await res.text().catch(() => "");
          expect(res.status, text).toBeLessThan(500);
          if (f.upstream.requests.length > upstreamBefore) forwarded.add(res.headers.get("x-request-id")!);
          if ("omitUsage" in way || chat.stream) counted.add(res.headers.get("x-request-id")!);
        }),
        { numRuns: 400, seed: 20261207 },
      );
    } finally {
      f.upstream.reset();
    }
    expect(forwarded.size).toBeGreaterThan(300);
    const ids = [...forwarded];
    const deadline = Date.now() + 30_000;
    let rows: { requestId: string; usageSource: string }[] = [];
    while (Date.now() < deadline) {
      rows = await f.t.db.usageEvent.findMany({ where: { requestId: { in: ids } }, select: { requestId: true, usageSource: true } });
      if (rows.length >= ids.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    rows = await f.t.db.usageEvent.findMany({ where: { requestId: { in: ids } }, select: { requestId: true, usageSource: true } });
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((r) => r.requestId))).toEqual(forwarded);
    expect(counted.size).toBeGreaterThan(200);
    expect(rows.filter((r) => r.usageSource === "estimated").map((r) => r.requestId).sort()).toEqual([...counted].sort());
  }, 300_000);
});
