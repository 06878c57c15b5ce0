import { describe, expect, it } from "vitest";
import { defaultTokenRatios, TOKENIZER_FAMILIES, tokenizerFamilyOf, UNKNOWN_FAMILY } from "./default-token-ratios";
import { checkRatioEstimate } from "./token-ratio";

describe("tokenizerFamilyOf", () => {
  it("knows the families of the price book's models", () => {
    const family = (m: string) => tokenizerFamilyOf(m).id;
    expect(["gpt-5-mini", "gpt-5-nano", "gpt-4o", "o3-mini", "openai/gpt-5", "gpt-4.1-nano"].map(family)).toEqual(Array(6).fill("openai-o200k"));
    expect(["gpt-4", "gpt-4-turbo", "gpt-3.5-turbo"].map(family)).toEqual(Array(3).fill("openai-cl100k"));
    expect(["gemini-3-flash", "gemma-2b"].map(family)).toEqual(["google-gemini", "google-gemini"]);
    expect(family("claude-haiku-4.5")).toBe("anthropic-claude");
    expect(family("llama-3.1-8b")).toBe("meta-llama3");
    expect(["mistral-7b", "qwen-0.6b", "deepseek-v3.2-exp", "o1x"].map(family)).toEqual(Array(4).fill("unknown"));
  });

  it("gives every entry a source and an ordered band", () => {
    for (const f of [...TOKENIZER_FAMILIES, UNKNOWN_FAMILY]) {
      expect(f.source.length).toBeGreaterThan(40);
      checkRatioEstimate(f.relative, f.id);
    }
  });
});

describe("defaultTokenRatios", () => {
  it("is exactly 1 within one known family", () => {
    const r = defaultTokenRatios("gpt-5", "gpt-5-mini");
    expect(r.input).toEqual({ point: "1", low: "1", high: "1" });
    expect(r.inputSource).toMatchObject({ kind: "default", sourceFamily: "openai-o200k", targetFamily: "openai-o200k" });
  });

  it("divides the target's spread by the source's, widest way round, rounded outward", () => {
    // claude (1, 0.9-1.3) from gemini (1, 0.94-1.25): low 0.9/1.25 = 0.72, high 1.3/0.94 = 1.382978723... -> up
    expect(defaultTokenRatios("gemini-3-flash", "claude-haiku-4.5").input).toEqual({ point: "1", low: "0.72", high: "1.382979" });
    // cl100k from o200k: the cl100k entry itself
    expect(defaultTokenRatios("gpt-5", "gpt-4").input).toEqual({ point: "1", low: "0.975", high: "1.025" });
    // o200k from cl100k: 1/1.025 = 0.975609.. down, 1/0.975 = 1.025641.. up
    expect(defaultTokenRatios("gpt-4", "gpt-5").input).toEqual({ point: "1", low: "0.975609", high: "1.025642" });
  });

  it("treats two unknown models as different tokenizers and says the output ratio is an assumption", () => {
    const r = defaultTokenRatios("mistral-7b", "qwen-0.6b");
    expect(r.input).toEqual({ point: "1", low: "0.64", high: "1.5625" });
    expect(r.output).toEqual(r.input);
    expect(r.outputSource).toMatchObject({ kind: "default", note: expect.stringMatching(/verbosity unmeasured/) });
  });
});
