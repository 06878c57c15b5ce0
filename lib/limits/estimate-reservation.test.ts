import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceRequest } from "../pricing/price-request";
import { usdToNano } from "../money/nano-usd";
import { estimateTokens } from "../proxy/estimate-tokens";
import { estimateUsage } from "../proxy/settle-usage";
import { boundReservation, DEFAULT_MAX_OUTPUT_TOKENS, estimateReservation, MAX_OUTPUT_TOKENS_UNKNOWN_MODEL, worstCaseCostNano } from "./estimate-reservation";

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

describe("output ceiling", () => {
  it("reserves at most the model's context window, or the documented ceiling when it is unknown", () => {
    const body = { messages: [{ role: "user", content: "hi" }], max_tokens: 1e300 };
    expect(estimateReservation("/chat/completions", body, rates, 128_000).outputTokens).toBe(128_000);
    const unknown = estimateReservation("/chat/completions", body, rates);
    expect(unknown.outputTokens).toBe(MAX_OUTPUT_TOKENS_UNKNOWN_MODEL);
    // An integer cost, exactly what the tokens are worth.
    expect(unknown.costNano).toBe(worstCaseCostNano(unknown.inputTokens, MAX_OUTPUT_TOKENS_UNKNOWN_MODEL, rates));
    expect(estimateReservation("/chat/completions", { messages: [] }, rates, 2048).outputTokens).toBe(2048);
  });
});

describe("estimated input of a settled request", () => {
  it("counts chat framing exactly as the reservation does (one function)", () => {
    const body = { model: "gpt-5-mini", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "hello" }] };
    const input = estimateUsage(body, "").inputTokens;
    expect(input).toBe(estimateReservation("/chat/completions", body, rates).inputTokens);
    // The text, two messages of framing (4 each) and the reply primer (3).
    expect(input).toBe(estimateTokens("You are terse.\nhello") + 2 * 4 + 3);
  });
});

describe("boundReservation (tried before counting tokens)", () => {
  const reserve = (body: Record<string, unknown>) => {
    const raw = Buffer.from(JSON.stringify(body));
    return { bound: boundReservation("/chat/completions", body, raw, rates, 128_000), exact: estimateReservation("/chat/completions", body, rates, 128_000) };
  };

  it("is never below the exact reservation, in tokens and in cost", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ role: fc.constantFrom("system", "user", "assistant"), content: fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.array(fc.record({ type: fc.constant("text"), text: fc.string() }))) }), { minLength: 1, maxLength: 8 }), fc.option(fc.nat(50_000)), (messages, max) => {
        const { bound, exact } = reserve({ model: "m", messages, ...(max ? { max_tokens: max } : {}) });
        expect(bound!.inputTokens).toBeGreaterThanOrEqual(exact.inputTokens);
        expect(bound!.outputTokens).toBe(exact.outputTokens);
        expect(bound!.costNano!).toBeGreaterThanOrEqual(exact.costNano!);
      }),
      { numRuns: 200 },
    );
  });

  it("has no bound for a body that may hold an image (each is reserved 1,536 tokens)", () => {
    const body = { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }] };
    expect(reserve(body).bound).toBeNull();
  });
});
