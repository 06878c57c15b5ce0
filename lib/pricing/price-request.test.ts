import { describe, expect, it } from "vitest";
import { priceRequest, type PriceRates } from "./price-request";

const gpt5mini: PriceRates = { inputPerMTok: "0.25", cachedInputPerMTok: "0.025", cacheWritePerMTok: null, outputPerMTok: "2", reasoningPerMTok: null };
const zero = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };

describe("priceRequest", () => {
  it("prices input and output per 1M tokens, exactly", () => {
    expect(priceRequest({ ...zero, inputTokens: 1000, outputTokens: 200 }, gpt5mini).total).toBe("0.000650000");
    expect(priceRequest({ ...zero, inputTokens: 1_000_000, outputTokens: 1_000_000 }, gpt5mini).total).toBe("2.250000000");
  });

  it("prices cached tokens at the cached rate and never also as input", () => {
    const c = priceRequest({ ...zero, inputTokens: 1000, cachedInputTokens: 600 }, gpt5mini);
    expect(c.input).toBe("0.000100000"); // 400 uncached x 0.25
    expect(c.cachedInput).toBe("0.000015000"); // 600 x 0.025
    expect(c.total).toBe("0.000115000");
  });

  it("prices reasoning tokens inside output once, at the output rate unless set", () => {
    const asOutput = priceRequest({ ...zero, outputTokens: 1000, reasoningTokens: 400 }, gpt5mini);
    expect(asOutput.output).toBe("0.001200000");
    expect(asOutput.reasoning).toBe("0.000800000");
    expect(asOutput.total).toBe("0.002000000");
    const ownRate = priceRequest({ ...zero, outputTokens: 1000, reasoningTokens: 400 }, { ...gpt5mini, reasoningPerMTok: "1" });
    expect(ownRate.total).toBe("0.001600000");
  });

  it("falls back to the input rate for cache writes without their own price", () => {
    expect(priceRequest({ ...zero, inputTokens: 100, cacheWriteTokens: 100 }, gpt5mini).cacheWrite).toBe("0.000025000");
    expect(priceRequest({ ...zero, inputTokens: 100, cacheWriteTokens: 100 }, { ...gpt5mini, cacheWritePerMTok: "3.75" }).total).toBe("0.000375000");
  });

  it("rounds once per request to 1e-9 USD, half to even, with no float drift", () => {
    // 1 token x $0.05/1M = 0.00000005: below a nano-dollar, 0.5 of a unit -> rounds to even (0).
    const nano = { ...gpt5mini, inputPerMTok: "0.0005" };
    expect(priceRequest({ ...zero, inputTokens: 1 }, nano).total).toBe("0.000000000");
    expect(priceRequest({ ...zero, inputTokens: 3 }, nano).total).toBe("0.000000002"); // 1.5 units -> 2
    expect(priceRequest({ ...zero, inputTokens: 5 }, nano).total).toBe("0.000000002"); // 2.5 units -> 2
    // 0.1 + 0.2 style sums stay exact.
    expect(priceRequest({ ...zero, inputTokens: 100_000, outputTokens: 100_000 }, { ...gpt5mini, inputPerMTok: "1", outputPerMTok: "2" }).total).toBe("0.300000000");
  });

  it("clamps provider counts that do not add up instead of going negative", () => {
    const c = priceRequest({ ...zero, inputTokens: 10, cachedInputTokens: 50, outputTokens: 5, reasoningTokens: 9 }, gpt5mini);
    expect(c.input).toBe("0.000000000");
    expect(c.output).toBe("0.000000000");
    expect(c.total).toBe("0.000010250"); // 10 cached x 0.025 + 5 reasoning x 2
  });
});

describe("parseRate", () => {
  it("reads plain decimals exactly and refuses anything else", async () => {
    const { parseRate } = await import("./price-request");
    expect(parseRate("0.25")).toBe(250_000_000_000n);
    expect(parseRate("15")).toBe(15_000_000_000_000n);
    expect(parseRate("0.000001")).toBe(1_000_000n);
    expect(() => parseRate("1e-7")).toThrow(/plain decimal/);
    expect(() => parseRate("-1")).toThrow();
    expect(() => parseRate("0.1234567890123")).toThrow();
  });

  it("prices large volumes exactly", () => {
    // 10 billion tokens at $75 per 1M = $750,000 exactly.
    expect(priceRequest({ ...zero, outputTokens: 10_000_000_000 }, { ...gpt5mini, outputPerMTok: "75" }).total).toBe("750000.000000000");
  });
});

describe("priceRequestNano", () => {
  it("is priceRequest's total in nano-dollars, rounding included", async () => {
    const { priceRequestNano } = await import("./price-request");
    const { usdToNano } = await import("@/lib/money/nano-usd");
    const cases = [
      { ...zero, inputTokens: 1000, cachedInputTokens: 600, outputTokens: 200, reasoningTokens: 50 },
      { ...zero, inputTokens: 5 },
      { ...zero, inputTokens: 3 },
      { ...zero, outputTokens: 10_000_000_000 },
    ];
    const rates = [gpt5mini, { ...gpt5mini, inputPerMTok: "0.0005" }, { ...gpt5mini, reasoningPerMTok: "1", cacheWritePerMTok: "3.75" }];
    for (const usage of cases) for (const r of rates) expect(priceRequestNano(usage, r)).toBe(usdToNano(priceRequest(usage, r).total));
    expect(priceRequestNano({ ...zero, inputTokens: 5 }, rates[1]!)).toBe(2n); // 2.5 units -> 2 (half to even)
  });
});
