import { describe, expect, it } from "vitest";
import { FOLDED, projectedBand, projectionFor, projectionGaps } from "./fold-dimensions";
import { INPUT_BANDS } from "./traffic-profile";

describe("projectionFor", () => {
  it("keeps what some rule names and folds the rest", () => {
    expect(projectionFor([{ tiers: ["premium"] }, { projectIds: ["p"] }])).toEqual({ apiKeyIds: [], requestedModels: [], endpoints: "folded", tags: [], bandEdges: [] });
    expect(projectionFor([
      { tags: ["batch", "team:a"], requestedModels: ["gpt-5"], minInputTokens: 2048 },
      { tags: ["batch"], apiKeyIds: ["k2", "k1"], endpoints: ["responses"], maxInputTokens: 8192, requestedModels: ["claude"] },
    ])).toEqual({ apiKeyIds: ["k1", "k2"], requestedModels: ["claude", "gpt-5"], endpoints: "kept", tags: ["batch", "team:a"], bandEdges: [2048, 8192] });
  });
});

describe("projectedBand", () => {
  it("maps each band to the first band of its run between the rules' edges", () => {
    const bands = INPUT_BANDS.map((b) => b.id);
    expect(bands.map((b) => projectedBand(b, [2048]))).toEqual(["0-512", "0-512", "2k-8k", "2k-8k", "2k-8k"]);
    expect(bands.map((b) => projectedBand(b, [512, 32_768]))).toEqual(["0-512", "512-2k", "512-2k", "512-2k", "32k+"]);
    expect(bands.map((b) => projectedBand(b, []))).toEqual(bands.map(() => FOLDED));
    expect(bands.map((b) => projectedBand(b, [0, 512, 2048, 8192, 32_768]))).toEqual(bands);
  });

  it("never changes what a rule bound matches", () => {
    for (const edges of [[512], [2048], [8192], [512, 8192], [2048, 32_768]]) {
      for (const band of INPUT_BANDS) {
        const projected = INPUT_BANDS.find((b) => b.id === projectedBand(band.id, edges))!;
        for (const e of edges) {
          expect(projected.min >= e, `min ${e}, band ${band.id}`).toBe(band.min >= e);
          expect(projected.max !== null && projected.max <= e, `max ${e}, band ${band.id}`).toBe(band.max !== null && band.max <= e);
        }
      }
    }
  });
});

describe("projectionGaps", () => {
  it("names what the rules read that a projection dropped", () => {
    const p = projectionFor([{ tags: ["batch"] }]);
    expect(projectionGaps(p, [{ tags: ["batch"] }])).toEqual([]);
    expect(projectionGaps(p, [{ tags: ["other"], minInputTokens: 512, endpoints: ["responses"] }])).toEqual(["tag other", "input-size edge 512", "endpoints"]);
  });
});
