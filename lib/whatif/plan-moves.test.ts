import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countsOf, planMoves, splitCounts } from "./plan-moves";
import { cell } from "@/tests/support/whatif-fixtures";

describe("splitCounts", () => {
  it("splits each kind of token on its own and keeps the input and output sums consistent", () => {
    // input 6 = 0 plain + 3 cached + 3 cache-write: half of each rounds 1.5 -> 2, so input moved is 4, not round(3) = 3
    const [moved, rest] = splitCounts({ requests: 3, inputTokens: 6, cachedInputTokens: 3, cacheWriteTokens: 3, outputTokens: 5, reasoningTokens: 5 }, 1n, 2n);
    expect(moved).toEqual({ requests: 2, inputTokens: 4, cachedInputTokens: 2, cacheWriteTokens: 2, outputTokens: 2, reasoningTokens: 2 });
    expect(rest).toEqual({ requests: 1, inputTokens: 2, cachedInputTokens: 1, cacheWriteTokens: 1, outputTokens: 3, reasoningTokens: 3 });
  });

  it("never loses a token and never breaks the ledger's invariants", () => {
    const counts = fc
      .record({ requests: fc.nat(10_000), plain: fc.nat(1e9), cached: fc.nat(1e9), write: fc.nat(1e9), out: fc.nat(1e9), reasoning: fc.nat(1e9) })
      .map((r) => ({ requests: r.requests, inputTokens: r.plain + r.cached + r.write, cachedInputTokens: r.cached, cacheWriteTokens: r.write, outputTokens: r.out + r.reasoning, reasoningTokens: r.reasoning }));
    fc.assert(
      fc.property(counts, fc.integer({ min: 0, max: 100 }), (c, share) => {
        const [moved, rest] = splitCounts(c, BigInt(share), 100n);
        for (const part of [moved, rest]) {
          expect(part.cachedInputTokens + part.cacheWriteTokens).toBeLessThanOrEqual(part.inputTokens);
          expect(part.reasoningTokens).toBeLessThanOrEqual(part.outputTokens);
          for (const v of Object.values(part)) expect(v).toBeGreaterThanOrEqual(0);
        }
        for (const k of Object.keys(c) as (keyof typeof c)[]) expect(moved[k] + rest[k]).toBe(c[k]);
      }),
    );
  });
});

describe("planMoves", () => {
  it("moves the rule's share of each matched cell, with its share of the ledger cost", () => {
    const cells = [cell({ costNano: 1_000_000_005n }), cell({ servedModel: "gpt-5-mini" }), cell(), cell()];
    const plan = planMoves(cells, Int32Array.from([0, 0, -1, 1]), [{ sharePercent: 50, target: "gpt-5-mini" }, { sharePercent: 0, target: "gpt-5-nano" }]);
    // cell 1 already went to gpt-5-mini (nothing to move), cell 2 matched no rule, cell 3's rule moves 0%
    expect(plan.moves).toHaveLength(1);
    expect([...plan.moveOfCell]).toEqual([0, -1, -1, -1]);
    expect(plan.moves[0]).toMatchObject({ cell: 0, rule: 0, target: "gpt-5-mini", share: 0.5, movedBaselineNano: 500_000_002n }); // 500000002.5 -> even
    expect(plan.moves[0]!.moved).toEqual(splitCounts(countsOf(cells[0]!), 1n, 2n)[0]);
  });

  it("moves nothing for a rule without a target", () => {
    expect(planMoves([cell()], Int32Array.from([0]), [{ sharePercent: 100, target: null }]).moves).toEqual([]);
  });
});
