import { describe, expect, it } from "vitest";
import { dimensionsRead, foldableDimensions } from "./fold-dimensions";

describe("foldableDimensions", () => {
  it("folds every dimension no rule reads, and keeps the ones any rule reads", () => {
    expect(foldableDimensions([{ tiers: ["premium"] }, { projectIds: ["p"] }])).toEqual(["apiKey", "requestedModel", "endpoint", "inputBand", "tags"]);
    expect(foldableDimensions([{ tags: ["batch"] }, { minInputTokens: 2048 }])).toEqual(["apiKey", "requestedModel", "endpoint"]);
    expect(foldableDimensions([{ apiKeyIds: ["k"], requestedModels: ["m"], endpoints: ["responses"], maxInputTokens: 512, tags: ["t"] }])).toEqual([]);
  });

  it("counts an upper input bound alone as reading the band", () => {
    expect([...dimensionsRead([{ maxInputTokens: 8192 }])]).toEqual(["inputBand"]);
    expect(foldableDimensions([{}])).toHaveLength(5);
  });
});
