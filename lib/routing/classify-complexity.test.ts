import { describe, expect, it } from "vitest";
import { classifyComplexity, complexityFromSignals, SCANNED_CHARS } from "./classify-complexity";

const chat = (content: string, extra: Record<string, unknown> = {}) => ({ model: "m", messages: [{ role: "user", content }], ...extra });
const tool = (name: string) => ({ type: "function", function: { name } });

describe("classifyComplexity", () => {
  it("calls a short question simple", () => {
    expect(classifyComplexity(chat("What is the capital of France?"))).toMatchObject({ band: "simple", score: 0 });
  });

  it("scores each signal by its documented thresholds", () => {
    const s = { promptChars: 0, codeBlocks: 0, mathMarkers: 0, tools: 0 };
    expect(complexityFromSignals({ ...s, promptChars: 1_999 }).score).toBe(0);
    expect(complexityFromSignals({ ...s, promptChars: 2_000 }).score).toBe(1);
    expect(complexityFromSignals({ ...s, promptChars: 8_000 }).score).toBe(2);
    expect(complexityFromSignals({ ...s, promptChars: 32_000 }).score).toBe(3);
    expect(complexityFromSignals({ ...s, codeBlocks: 2 }).score).toBe(1);
    expect(complexityFromSignals({ ...s, codeBlocks: 3 }).score).toBe(2);
    expect(complexityFromSignals({ ...s, mathMarkers: 2 }).score).toBe(0);
    expect(complexityFromSignals({ ...s, mathMarkers: 12 }).score).toBe(2);
    expect(complexityFromSignals({ ...s, tools: 5 }).score).toBe(2);
    expect(complexityFromSignals({ ...s, tools: 1 }).band).toBe("simple");
    expect(complexityFromSignals({ ...s, tools: 1, codeBlocks: 1 }).band).toBe("moderate");
    expect(complexityFromSignals({ ...s, promptChars: 32_000, tools: 1 }).band).toBe("complex");
  });

  it("counts fenced code blocks, math markers and tools from the body", () => {
    const code = "Fix this:\n```ts\nconst a = 1;\n```\nand this\n~~~py\nx = 2\n~~~\n";
    expect(classifyComplexity(chat(code)).signals).toMatchObject({ codeBlocks: 2, mathMarkers: 0 });
    const math = "Prove $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ and that x^2 ≥ 0 for all x ∈ ℝ, with \\alpha ≤ \\beta";
    const mathSignals = classifyComplexity(chat(math)).signals;
    expect(mathSignals.mathMarkers).toBeGreaterThanOrEqual(8);
    expect(classifyComplexity(chat("price \\interface C:\\pipeline")).signals.mathMarkers).toBe(0);
    const withTools = classifyComplexity(chat("hi", { tools: [tool("a"), tool("b"), tool("c"), tool("d"), tool("e")] }));
    expect(withTools).toMatchObject({ score: 2, band: "moderate", signals: { tools: 5 } });
    expect(classifyComplexity({ model: "m", input: "Summarise ```a``` ```b``` ```c``` ```d```" }).signals.codeBlocks).toBe(0); // inline fences, not blocks
  });

  it("reads Responses API input and instructions", () => {
    const body = { model: "m", input: [{ role: "user", content: [{ type: "input_text", text: "x".repeat(9_000) }] }], instructions: "Be brief" };
    expect(classifyComplexity(body).signals.promptChars).toBeGreaterThan(9_000);
    expect(classifyComplexity(body).band).toBe("moderate");
  });

  it("scans a bounded prefix of a huge prompt for code and math", () => {
    const block = "\n```\ncode\n```\n";
    expect(classifyComplexity(chat(`${"a".repeat(SCANNED_CHARS - block.length)}${block}`)).signals.codeBlocks).toBe(1);
    expect(classifyComplexity(chat(`${"a".repeat(SCANNED_CHARS)}${block}`)).signals).toMatchObject({ codeBlocks: 0, promptChars: SCANNED_CHARS + block.length });
  });
});
