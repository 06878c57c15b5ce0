import { describe, expect, it } from "vitest";
import { assignRules, cellMatches, compileMatch } from "./match-scenario-rules";
import type { ScenarioMatch } from "./scenario-schema";
import { cell } from "@/tests/support/whatif-fixtures";

const matches = (m: ScenarioMatch, over: Parameters<typeof cell>[0] = {}) => cellMatches(compileMatch(m), cell(over));

describe("cellMatches", () => {
  it("holds every condition given and ignores the rest", () => {
    expect(matches({})).toBe(true);
    expect(matches({ projectIds: ["p1", "p2"], apiKeyIds: ["k1"], requestedModels: ["gpt-5"], tiers: ["mid"], endpoints: ["chat.completions"] })).toBe(true);
    expect(matches({ projectIds: ["p2"] })).toBe(false);
    expect(matches({ apiKeyIds: ["k1"] }, { apiKeyId: null })).toBe(false);
    expect(matches({ requestedModels: ["gpt-5-mini"] })).toBe(false);
    expect(matches({ tiers: ["mid"] }, { tier: null })).toBe(false);
    expect(matches({ endpoints: ["embeddings"] })).toBe(false);
  });

  it("needs every tag of the rule on the cell", () => {
    expect(matches({ tags: ["a"] }, { tags: ["a", "b"] })).toBe(true);
    expect(matches({ tags: ["a", "c"] }, { tags: ["a", "b"] })).toBe(false);
  });

  it("matches input-size bands whole: [min, max)", () => {
    expect(matches({ minInputTokens: 512 }, { inputBand: "512-2k" })).toBe(true);
    expect(matches({ minInputTokens: 2048 }, { inputBand: "512-2k" })).toBe(false);
    expect(matches({ maxInputTokens: 2048 }, { inputBand: "512-2k" })).toBe(true);
    expect(matches({ maxInputTokens: 512 }, { inputBand: "512-2k" })).toBe(false);
    expect(matches({ minInputTokens: 8192 }, { inputBand: "32k+" })).toBe(true);
    expect(matches({ maxInputTokens: 32_768 }, { inputBand: "32k+" })).toBe(false);
  });
});

describe("assignRules", () => {
  it("gives each cell the first rule that matches it", () => {
    const cells = [cell({ projectId: "a" }), cell({ projectId: "b" }), cell({ projectId: "c" })];
    expect([...assignRules(cells, [{ projectIds: ["b"] }, { projectIds: ["a", "b"] }])]).toEqual([1, 0, -1]);
    expect([...assignRules(cells, [{}, { projectIds: ["a"] }])]).toEqual([0, 0, 0]);
  });
});
