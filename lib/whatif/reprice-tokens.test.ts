import { describe, expect, it } from "vitest";
import { adjustedUsage, repriceTokens, type RepriceContext } from "./reprice-tokens";
import { IDENTITY_RATIOS, type TokenRatios } from "./token-ratio";
import { WhatIfInputError } from "./whatif-inputs";
import { catalog } from "@/tests/support/whatif-fixtures";

const counts = { requests: 10, inputTokens: 1_000_000, cachedInputTokens: 400_000, cacheWriteTokens: 0, outputTokens: 200_000, reasoningTokens: 50_000 };
const ratios: TokenRatios = {
  input: { point: "1.1", low: "1", high: "1.2" },
  output: { point: "0.5", low: "0.25", high: "1" },
  inputSource: { kind: "default", sourceFamily: "a", targetFamily: "b", note: "" },
  outputSource: { kind: "default", sourceFamily: "a", targetFamily: "b", note: "" },
};
const ctx = (over: Partial<RepriceContext["adjustments"]> = {}, r: TokenRatios = ratios): RepriceContext => ({
  catalog, adjustments: { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false, ...over }, ratios: () => r,
});
const hour = new Date("2026-03-01T10:00:00Z");

describe("repriceTokens", () => {
  it("prices at the target's version in effect at the hour, cached input kept within one provider", () => {
    // gpt-5 -> gpt-5-mini (both openai), ratios off: 600k x 0.25 + 400k x 0.025 + 150k x 2 + 50k x 2 = 0.15 + 0.01 + 0.3 + 0.1 = $0.56
    const r = repriceTokens(counts, "gpt-5", "gpt-5-mini", hour, ctx({ tokenizerRatio: false, outputLengthRatio: false }));
    expect(r).toMatchObject({ point: 560_000_000n, low: 560_000_000n, high: 560_000_000n, carriedCache: true });
    expect(r.ratios).toEqual(IDENTITY_RATIOS);
    // From 12:00 the new mini price applies: 600k x 0.2 + 400k x 0.02 + 200k x 1.6 = 0.12 + 0.008 + 0.32 = $0.448
    expect(repriceTokens(counts, "gpt-5", "gpt-5-mini", new Date("2026-03-01T12:00:00Z"), ctx({ tokenizerRatio: false, outputLengthRatio: false })).point).toBe(448_000_000n);
  });

  it("prices cached input as plain input at another provider unless told to carry it", () => {
    // gpt-5 -> claude-haiku-4.5: 1M x $1 + 200k x $5 = $2
    expect(repriceTokens(counts, "gpt-5", "claude-haiku-4.5", hour, ctx({ tokenizerRatio: false, outputLengthRatio: false }))).toMatchObject({ point: 2_000_000_000n, carriedCache: false });
    // carried: 600k x 1 + 400k x 0.1 + 200k x 5 = 0.6 + 0.04 + 1 = $1.64
    expect(repriceTokens(counts, "gpt-5", "claude-haiku-4.5", hour, ctx({ tokenizerRatio: false, outputLengthRatio: false, carryCachedInput: true })).point).toBe(1_640_000_000n);
  });

  it("scales input by the tokenizer ratio and output by the output-length ratio, with the band at their lows and highs", () => {
    const r = repriceTokens(counts, "gpt-5", "claude-haiku-4.5", hour, ctx());
    // point: 1.1M x 1 + 100k x 5 = 1.6; low: 1M x 1 + 50k x 5 = 1.25; high: 1.2M x 1 + 200k x 5 = 2.2
    expect([r.point, r.low, r.high]).toEqual([1_600_000_000n, 1_250_000_000n, 2_200_000_000n]);
    expect(r.ratios).toBe(ratios);
    const inputOnly = repriceTokens(counts, "gpt-5", "claude-haiku-4.5", hour, ctx({ outputLengthRatio: false }));
    expect(inputOnly.point).toBe(2_100_000_000n); // 1.1M + 200k x 5
    expect(inputOnly.ratios.outputSource).toEqual({ kind: "identity" });
  });

  it("refuses a target without a price in effect or outside the catalog", () => {
    expect(() => repriceTokens(counts, "gpt-5", "later", hour, ctx())).toThrow(WhatIfInputError);
    expect(() => repriceTokens(counts, "gpt-5", "nope", hour, ctx())).toThrow(/not in the catalog/);
  });
});

describe("adjustedUsage", () => {
  it("scales each kind of token on its own, rounded half to even, so totals are sums of their parts", () => {
    // plain input 3 -> 1.5 -> 2, cached 5 -> 2.5 -> 2, writes 1 -> 0.5 -> 0; plain output 1 -> 0.5 -> 0, reasoning 3 -> 1.5 -> 2
    const c = { requests: 1, inputTokens: 9, cachedInputTokens: 5, cacheWriteTokens: 1, outputTokens: 4, reasoningTokens: 3 };
    expect(adjustedUsage(c, 500_000n, 500_000n, true)).toEqual({ inputTokens: 4, cachedInputTokens: 2, cacheWriteTokens: 0, outputTokens: 2, reasoningTokens: 2 });
    expect(adjustedUsage(c, 1_000_000n, 1_000_000n, false)).toEqual({ inputTokens: 9, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 4, reasoningTokens: 3 });
  });

  it("never lowers a priced count when a ratio rises (the band stays ordered)", () => {
    // Rounding output and reasoning each as a whole would make plain output 1 at ratio 0.1 and 0 at 0.100001.
    const c = { requests: 1, inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 8_148_595, reasoningTokens: 8_148_594 };
    const plain = (ratio: bigint) => { const u = adjustedUsage(c, ratio, ratio, true); return u.outputTokens - u.reasoningTokens; };
    expect(plain(100_001n)).toBeGreaterThanOrEqual(plain(100_000n));
  });
});
