import { describe, expect, it } from "vitest";
import type { CachedResponse } from "./frame-cache-entry";
import { ReplayMemo } from "./replay-memo";
import { sseFromCachedCompletion } from "./sse-from-cached-completion";

const completion = (content: string) => ({
  id: "chatcmpl-1", object: "chat.completion", created: 1, model: "m",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});
const entry = (content: string, createdAtMs = 1000): CachedResponse => ({
  servedModel: "m", deploymentId: "d", status: 200, contentType: "application/json", body: Buffer.from(JSON.stringify(completion(content))),
  usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 }, costUsd: null, createdAt: new Date(createdAtMs),
});

describe("ReplayMemo", () => {
  it("replays as sseFromCachedCompletion does, with and without the usage chunk, and remembers it", () => {
    const memo = new ReplayMemo();
    const e = entry("hello");
    const first = memo.sse("k", e, true);
    expect(first!.equals(sseFromCachedCompletion(e.body, { includeUsage: true })!)).toBe(true);
    expect(memo.sse("k", e, true)).toBe(first); // the same buffer: not built again
    expect(memo.sse("k", e, false)!.equals(sseFromCachedCompletion(e.body, { includeUsage: false })!)).toBe(true);
  });

  it("never hands one key's replay to another, and replays an entry stored again under the same key afresh", () => {
    const memo = new ReplayMemo();
    memo.sse("k1", entry("one"), false);
    expect(memo.sse("k2", entry("two"), false)!.toString()).toContain('"content":"two"');
    expect(memo.sse("k1", entry("other", 2000), false)!.toString()).toContain('"content":"other"');
    expect(memo.sse("k1", entry("longer text"), false)!.toString()).toContain('"content":"longer text"');
  });

  it("remembers that an entry cannot be replayed, and stays within its bounds", () => {
    const memo = new ReplayMemo(2, 1_000_000);
    const bad: CachedResponse = { ...entry("x"), body: Buffer.from("not json") };
    expect(memo.sse("bad", bad, false)).toBeNull();
    const a = memo.sse("a", entry("a"), false);
    memo.sse("b", entry("b"), false);
    memo.sse("c", entry("c"), false);
    expect(memo.sse("a", entry("a"), false)).not.toBe(a); // evicted: built again
  });
});
