import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceRequest } from "../pricing/price-request";
import { usdToNano } from "../money/nano-usd";
import { DEFAULT_MAX_OUTPUT_TOKENS, estimateReservation, worstCaseCostNano } from "./estimate-reservation";

const rates = { inputPerMTok: "0.25", cachedInputPerMTok: "0.025", cacheWritePerMTok: null, outputPerMTok: "2", reasoningPerMTok: null };

describe("estimateReservation", () => {
  it("reserves the client's max tokens, or the documented default", () => {
    const withMax = estimateReservation("/chat/completions", { messages: [{ role: "user", content: "hello there" }], max_tokens: 50 }, rates);
    expect(withMax.outputTokens).toBe(50);
    expect(withMax.inputTokens).toBeGreaterThanOrEqual(2 + 4);
    const none = estimateReservation("/chat/completions", { messages: [{ role: "user", content: "hi" }] }, rates);
    expect(none.outputTokens).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(estimateReservation("/embeddings", { input: "abc" }, rates).outputTokens).toBe(0);
  });

  it("counts an allowance per image and has no cost without a price", () => {
    const body = { messages: [{ role: "user", content: [{ type: "text", text: "what is this" }, { type: "image_url", image_url: { url: "data:..." } }] }] };
    const r = estimateReservation("/chat/completions", body, null);
    expect(r.inputTokens).toBeGreaterThan(1536);
    expect(r.costNano).toBeNull();
  });

  it("is never below the settled cost of any usage within the reserved tokens", () => {
    const pricey = { inputPerMTok: "1.1", cachedInputPerMTok: "0.3", cacheWritePerMTok: "1.375", outputPerMTok: "4.4", reasoningPerMTok: "8" };
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), fc.nat(100_000), fc.nat(100_000), (input, cached, output, reasoning) => {
        const usage = { inputTokens: input, cachedInputTokens: Math.min(cached, input), cacheWriteTokens: input - Math.min(cached, input), outputTokens: output, reasoningTokens: Math.min(reasoning, output) };
        expect(worstCaseCostNano(input, output, pricey)).toBeGreaterThanOrEqual(usdToNano(priceRequest(usage, pricey).total));
      }),
    );
  });
});
