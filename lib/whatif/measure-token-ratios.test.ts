import { describe, expect, it } from "vitest";
import { measureRatio, measureTokenRatios, tokenRatioLookup } from "./measure-token-ratios";

const cases = (...values: number[]) => Object.fromEntries(values.map((v, i) => [`c${i}`, v]));

describe("measureRatio", () => {
  it("takes the token-weighted ratio as the point and the 10th-90th percentile of per-case ratios as the band", () => {
    // per-case ratios 1.1, 1.2, 1.0, 1.5, 0.9; sums 570 / 500 = 1.14
    const m = measureRatio(cases(100, 100, 100, 100, 100), cases(110, 120, 100, 150, 70 + 20));
    // sorted 0.9, 1.0, 1.1, 1.2, 1.5: P10 at index 0.4 -> 0.94; P90 at index 3.6 -> 1.38
    expect(m).toEqual({ estimate: { point: "1.14", low: "0.94", high: "1.38" }, cases: 5 });
  });

  it("pairs only the cases both models answered and needs five of them", () => {
    expect(measureRatio(cases(100, 100, 100, 100), cases(90, 90, 90, 90))).toBeNull();
    const source = { ...cases(100, 100, 100, 100, 100), extra: 50, zero: 0 };
    expect(measureRatio(source, { ...cases(80, 80, 80, 80, 80), zero: 10, other: 3 })).toEqual({ estimate: { point: "0.8", low: "0.8", high: "0.8" }, cases: 5 });
  });

  it("rounds the point half to even at 6 places and the band outward", () => {
    // 1/3 per case: point 0.333333, band floor 0.333333 / ceil 0.333334
    expect(measureRatio(cases(3, 3, 3, 3, 3), cases(1, 1, 1, 1, 1))!.estimate).toEqual({ point: "0.333333", low: "0.333333", high: "0.333334" });
  });
});

describe("measureTokenRatios", () => {
  const run = (input: Record<string, number>, output: Record<string, number>, id: string) => ({ input, output, runIds: [id] });

  it("uses the measurement where it exists and the family default where it does not, saying which", () => {
    const pair = { suiteId: "s1", source: run(cases(100, 200, 300, 400, 500), cases(10, 10), "r-src"), target: run(cases(120, 240, 360, 480, 600), cases(20, 20), "r-tgt") };
    const r = measureTokenRatios("gpt-5", "claude-haiku-4.5", pair);
    expect(r.input).toEqual({ point: "1.2", low: "1.2", high: "1.2" });
    expect(r.inputSource).toEqual({ kind: "measured", suiteId: "s1", cases: 5, sourceRunIds: ["r-src"], targetRunIds: ["r-tgt"] });
    expect(r.outputSource).toMatchObject({ kind: "default", targetFamily: "anthropic-claude" });
  });

  it("memoises per pair through the lookup and falls back for unmeasured pairs", () => {
    const lookup = tokenRatioLookup([]);
    expect(lookup("gpt-5", "gpt-5-mini")).toBe(lookup("gpt-5", "gpt-5-mini"));
    expect(lookup("gpt-5", "gpt-5-mini").inputSource.kind).toBe("default");
  });
});
