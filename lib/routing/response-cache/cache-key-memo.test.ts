import { describe, expect, it } from "vitest";
import { cacheKey, type CacheKeyInput } from "./cache-key";
import { CacheKeyMemo } from "./cache-key-memo";

const input = (over: Partial<CacheKeyInput> = {}, body: Record<string, unknown> = { messages: [{ role: "user", content: "hi" }] }): CacheKeyInput => ({
  orgId: "org_a", projectId: "proj_1", shareAcrossProjects: false, endpoint: "chat.completions", model: "gpt-5-mini", body, ...over,
});
const raw = (body: unknown) => Buffer.from(JSON.stringify(body));

describe("CacheKeyMemo", () => {
  it("gives the key cacheKey computes, for every field the key depends on, asked once or again", () => {
    const memo = new CacheKeyMemo();
    const body = { messages: [{ role: "user", content: "hi" }], temperature: 0 };
    const variants: Partial<CacheKeyInput>[] = [
      {}, { orgId: "org_b" }, { projectId: "proj_2" }, { shareAcrossProjects: true }, { shareAcrossProjects: true, projectId: "proj_2" },
      { endpoint: "responses" }, { model: "claude-haiku" },
    ];
    for (let round = 0; round < 2; round++) {
      for (const v of variants) expect(memo.keyFor(input(v, body), raw(body))).toBe(cacheKey(input(v, body)));
    }
    // Shared across projects: one key whatever the project; per project: one each.
    const shared = (p: string) => memo.keyFor(input({ shareAcrossProjects: true, projectId: p }, body), raw(body));
    expect(shared("proj_1")).toBe(shared("proj_2"));
    expect(memo.keyFor(input({}, body), raw(body))).not.toBe(memo.keyFor(input({ projectId: "proj_2" }, body), raw(body)));
  });

  it("different bytes are looked up apart, even when fields would run together", () => {
    const memo = new CacheKeyMemo();
    const a = { messages: [{ role: "user", content: "a" }] };
    const b = { messages: [{ role: "user", content: "b" }] };
    expect(memo.keyFor(input({}, a), raw(a))).toBe(cacheKey(input({}, a)));
    expect(memo.keyFor(input({}, b), raw(b))).toBe(cacheKey(input({}, b)));
    // Org "org_ab" with project "c", and org "org_a" with project "bc": run together they read alike.
    const split1 = input({ orgId: "org_ab", projectId: "c" }, a);
    const split2 = input({ orgId: "org_a", projectId: "bc" }, a);
    expect(memo.keyFor(split1, raw(a))).toBe(cacheKey(split1));
    expect(memo.keyFor(split2, raw(a))).toBe(cacheKey(split2));
    expect(cacheKey(split1)).not.toBe(cacheKey(split2));
  });

  it("stays within its entry bound, and hashes a large body every time", () => {
    const memo = new CacheKeyMemo(2);
    for (const q of ["1", "2", "3", "1"]) {
      const body = { messages: [{ role: "user", content: q }] };
      expect(memo.keyFor(input({}, body), raw(body))).toBe(cacheKey(input({}, body)));
    }
    expect(memo.size).toBe(2);
    const big = { messages: [{ role: "user", content: "x".repeat(20_000) }] };
    expect(memo.keyFor(input({}, big), raw(big))).toBe(cacheKey(input({}, big)));
    expect(memo.size).toBe(2);
  });
});
