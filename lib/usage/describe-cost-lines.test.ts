import { describe, expect, it } from "vitest";
import { priceRequest } from "../pricing/price-request";
import { describeCostLines } from "./describe-cost-lines";

const usage = { inputTokens: 1500, cachedInputTokens: 200, cacheWriteTokens: 300, outputTokens: 400, reasoningTokens: 100 };

describe("describeCostLines", () => {
  it("says which token types are priced at another type's rate (no price of their own)", () => {
    const price = { inputPerMTok: "1.1", cachedInputPerMTok: "0.275", cacheWritePerMTok: null, outputPerMTok: "4.4", reasoningPerMTok: null };
    const lines = describeCostLines(usage, price, priceRequest(usage, price));
    expect(lines.map((l) => [l.kind, l.tokens, l.ratePerMTok, l.pricedAs, l.costUsd])).toEqual([
      ["input", 1000, "1.1", null, "0.001100000"],
      ["cachedInput", 200, "0.275", null, "0.000055000"],
      ["cacheWrite", 300, "1.1", "input", "0.000330000"],
      ["output", 300, "4.4", null, "0.001320000"],
      ["reasoning", 100, "4.4", "output", "0.000440000"],
    ]);
  });
  it("uses each type's own price when there is one, and the pricer's clamps for impossible counts", () => {
    const price = { inputPerMTok: "3", cachedInputPerMTok: null, cacheWritePerMTok: "3.75", outputPerMTok: "15", reasoningPerMTok: "15" };
    const odd = { ...usage, cachedInputTokens: 2000 };
    const lines = describeCostLines(odd, price, priceRequest(odd, price));
    expect(lines.find((l) => l.kind === "cacheWrite")).toMatchObject({ ratePerMTok: "3.75", pricedAs: null, tokens: 0 });
    expect(lines.find((l) => l.kind === "cachedInput")).toMatchObject({ ratePerMTok: "3", pricedAs: "input", tokens: 1500 });
    expect(lines.find((l) => l.kind === "input")!.tokens).toBe(0);
  });
});
