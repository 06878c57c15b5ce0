import { describe, expect, it } from "vitest";
import { catalog } from "@/tests/support/whatif-fixtures";
import { compareAppliedOutcome, savingNano, type OutcomeGroup } from "./compare-applied-outcome";
import type { RepriceContext } from "./reprice-tokens";
import { IDENTITY_RATIOS } from "./token-ratio";

const ctx: RepriceContext = { catalog, adjustments: { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false }, ratios: () => IDENTITY_RATIOS };
const hour = new Date("2026-03-01T10:00:00Z");
const counts = (attempts: number, input: number, output: number, cached = 0) => ({ requests: attempts, inputTokens: input, cachedInputTokens: cached, cacheWriteTokens: 0, outputTokens: output, reasoningTokens: 0 });
const group = (over: Partial<OutcomeGroup>): OutcomeGroup => ({
  kind: "shadowed", policyId: "p1", hour, servedModel: "gpt-5-mini", otherModel: "gpt-5-nano", priced: true, requests: 2, counts: counts(2, 1_000_000, 100_000), costNano: 450_000_000n, ...over,
});

describe("compareAppliedOutcome", () => {
  it("shadowed: the rows' cost against the same tokens at the shadow target's price, exactly", () => {
    // 1M input x $0.05 + 100k output x $0.40 = $0.09 on nano, against $0.45 paid on mini.
    const out = compareAppliedOutcome([group({})], ctx).get("p1")!;
    expect(out.shadowed).toEqual({ requests: 2, attempts: 2, unpricedAttempts: 0, unpredictedAttempts: 0, actualNano: 450_000_000n, otherNano: 90_000_000n });
    expect(savingNano("shadowed", out.shadowed)).toBe(360_000_000n);
    expect(out.enforced.attempts).toBe(0);
  });

  it("enforced: the rows' cost against what the requested model would have charged (the realised saving)", () => {
    // Served by nano for $0.09; asked for mini at 12:00, when mini's new price is in effect: 1M x 0.2 + 100k x 1.6 = $0.36.
    const g = group({ kind: "enforced", servedModel: "gpt-5-nano", otherModel: "gpt-5-mini", costNano: 90_000_000n, hour: new Date("2026-03-01T12:00:00Z") });
    const out = compareAppliedOutcome([g], ctx).get("p1")!;
    expect([out.enforced.actualNano, out.enforced.otherNano]).toEqual([90_000_000n, 360_000_000n]);
    expect(savingNano("enforced", out.enforced)).toBe(270_000_000n);
  });

  it("a group already on the other side's model keeps its ledger cost (a split's untouched share)", () => {
    const out = compareAppliedOutcome([group({ otherModel: "gpt-5-mini", costNano: 123n })], ctx).get("p1")!;
    expect([out.shadowed.actualNano, out.shadowed.otherNano]).toEqual([123n, 123n]);
  });

  it("cached input is priced as plain input at another provider, as the scenario prices it", () => {
    // 1M input (400k cached) to haiku: all at $1, + 100k x $5 = $1.5.
    const out = compareAppliedOutcome([group({ otherModel: "claude-haiku-4.5", counts: counts(2, 1_000_000, 100_000, 400_000) })], ctx).get("p1")!;
    expect(out.shadowed.otherNano).toBe(1_500_000_000n);
  });

  it("leaves unpriced rows and unpriceable other sides out of both sides, counted", () => {
    const out = compareAppliedOutcome([
      group({ priced: false, costNano: 0n, counts: counts(3, 10, 10), requests: 3 }),
      group({ otherModel: "later", counts: counts(4, 10, 10), requests: 4, costNano: 7n }), // no price before June
      group({ otherModel: "auto", counts: counts(1, 10, 10), requests: 1, costNano: 5n }), // not in the catalog
      group({ otherModel: null, counts: counts(1, 10, 10), requests: 1, costNano: 5n }), // nothing could have served
      group({ policyId: "p2" }),
    ], ctx);
    expect(out.get("p1")!.shadowed).toEqual({ requests: 9, attempts: 9, unpricedAttempts: 3, unpredictedAttempts: 6, actualNano: 0n, otherNano: 0n });
    expect(out.get("p2")!.shadowed.actualNano).toBe(450_000_000n);
  });

  it("counts attempts apart from requests (a fallback is one request, two rows)", () => {
    const out = compareAppliedOutcome([group({ requests: 1, counts: counts(2, 1_000_000, 100_000) })], ctx).get("p1")!;
    expect([out.shadowed.requests, out.shadowed.attempts]).toEqual([1, 2]);
  });
});
