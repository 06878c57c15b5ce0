import { describe, expect, it } from "vitest";
import { estimateInputTokens, estimateTokens, framingTokens } from "./estimate-tokens";

describe("framingTokens", () => {
  it("with the body's bytes bounds the estimate of any body without images from above", () => {
    const bodies: Record<string, unknown>[] = [
      { model: "m", messages: Array.from({ length: 500 }, () => ({})) },
      { model: "m", messages: [{ role: "user", content: "Summarise the quarterly spend report in one line." }] },
      { model: "m", messages: [{ role: "user", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }, "c"] }], instructions: "x" },
      { model: "m", messages: [{ role: "user", content: "日本語のテキストと emoji 🎉🎉🎉 \u0000\u001f" }], tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }] },
      { model: "m", messages: Array.from({ length: 50 }, (_, i) => ({ role: "user", content: "x".repeat(i) })) },
      { model: "e", input: [[1, 2, 3], [4, 5]] },
      { model: "e", input: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      { model: "r", input: "one two three", instructions: "be brief" },
    ];
    for (const body of bodies) {
      const bytes = Buffer.byteLength(JSON.stringify(body));
      expect(estimateInputTokens(body), JSON.stringify(body).slice(0, 80)).toBeLessThanOrEqual(bytes + framingTokens(body));
    }
    // Without the framing the bytes alone are not a bound: 500 empty messages are 1,500 bytes and 2,003 tokens.
    const empties = bodies[0]!;
    expect(estimateInputTokens(empties)).toBeGreaterThan(Buffer.byteLength(JSON.stringify(empties)));
  });
});

describe("estimateTokens", () => {
  it("counts o200k_base tokens", () => {
    // Reference counts of OpenAI's o200k_base (tiktoken).
    expect(estimateTokens("hello world")).toBe(2);
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("a".repeat(5000))).toBe(625);
    expect(estimateTokens("é💥🇫🇷 mixed 中文 text")).toBe(10);
  });

  it("counts text that spells a special token as the ordinary text it is in a prompt", () => {
    expect(estimateTokens("hi <|endoftext|> there")).toBe(9);
    expect(estimateInputTokens({ model: "m", messages: [{ role: "user", content: "<|endoftext|><|endofprompt|>" }] })).toBeGreaterThan(7);
  });

  it("takes NUL bytes and lone surrogates", () => {
    expect(estimateTokens("\u0000nul")).toBe(2);
    expect(estimateTokens("\ud800 lone surrogate")).toBe(3);
  });
});
