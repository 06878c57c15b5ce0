import { describe, expect, it } from "vitest";
import { cell } from "@/tests/support/whatif-fixtures";
import type { CellMove } from "./plan-moves";
import { largestInputOf, MAX_SOURCES, scenarioScopeModels } from "./scenario-scope";

const counts = { requests: 1, inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 };
const move = (cellIndex: number, rule: number, target: string, nano: bigint): CellMove => ({ cell: cellIndex, rule, target, share: 1, moved: counts, movedBaselineNano: nano });

describe("scenarioScopeModels", () => {
  const cells = [cell({ servedModel: "gpt-5" }), cell({ servedModel: "claude-haiku-4.5" }), cell({ servedModel: "gpt-5" }), cell({ servedModel: "gemini-3-flash" }), cell({ servedModel: "o3" }), cell({ servedModel: "gpt-5-mini" })];

  it("lists each rule's serving models by moved ledger cost, summed over cells, then its target", () => {
    const moves = [move(0, 0, "gpt-5-nano", 10n), move(1, 0, "gpt-5-nano", 15n), move(2, 0, "gpt-5-nano", 10n), move(3, 1, "gpt-5-mini", 1n)];
    expect(scenarioScopeModels(moves, cells, null)).toEqual([
      { rule: 0, sources: ["gpt-5", "claude-haiku-4.5"], targets: ["gpt-5-nano"] },
      { rule: 1, sources: ["gemini-3-flash"], targets: ["gpt-5-mini"] },
    ]);
  });

  it("keeps at most MAX_SOURCES sources, ties by name, and never repeats the target as a source", () => {
    const moves = [move(0, 0, "gpt-5-mini", 5n), move(1, 0, "gpt-5-mini", 5n), move(3, 0, "gpt-5-mini", 5n), move(4, 0, "gpt-5-mini", 5n), move(5, 0, "gpt-5-mini", 1n)];
    const [only] = scenarioScopeModels(moves, cells, null);
    expect(only!.sources).toEqual(["claude-haiku-4.5", "gemini-3-flash", "gpt-5"]);
    expect(only!.sources).toHaveLength(MAX_SOURCES);
    const withTarget = scenarioScopeModels([move(5, 0, "gpt-5-mini", 9n), move(0, 0, "gpt-5-mini", 1n)], cells, null);
    expect(withTarget[0]!.sources).toEqual(["gpt-5"]);
  });

  it("adds the burst's cloud model to the rule that routes to the local model, only there", () => {
    const moves = [move(0, 0, "qwen-local", 3n), move(3, 1, "gpt-5-mini", 1n)];
    expect(scenarioScopeModels(moves, cells, { localModel: "qwen-local", cloudModel: "gpt-5-nano" }).map((r) => r.targets)).toEqual([["qwen-local", "gpt-5-nano"], ["gpt-5-mini"]]);
  });

  it("is empty when nothing moves", () => {
    expect(scenarioScopeModels([], cells, null)).toEqual([]);
  });
});

describe("largestInputOf", () => {
  const bands = new Map([["gpt-5", ["0-512", "8k-32k"]], ["claude-haiku-4.5", ["32k+"]], ["odd", ["*", "not-a-band"]]]);
  it("is the highest band over the given models' bands", () => {
    expect(largestInputOf(["gpt-5"], bands)).toMatchObject({ band: "8k-32k", atLeast: 8192, below: 32_768 });
    expect(largestInputOf(["gpt-5", "claude-haiku-4.5"], bands)).toMatchObject({ band: "32k+", below: null });
  });
  it("is null when no model has a known band", () => {
    expect(largestInputOf(["odd", "missing"], bands)).toBeNull();
    expect(largestInputOf([], bands)).toBeNull();
  });
});
