import { describe, expect, it } from "vitest";
import { checkRatioEstimate, parseRatio, scaleTokens } from "./token-ratio";

describe("token ratios", () => {
  it("reads plain decimals with up to 6 places as millionths and refuses the rest", () => {
    expect(parseRatio("1")).toBe(1_000_000n);
    expect(parseRatio("1.083333")).toBe(1_083_333n);
    expect(parseRatio("0.5")).toBe(500_000n);
    for (const bad of ["1.0000001", "-1", "1e-3", "", ".5", "1,5"]) expect(() => parseRatio(bad)).toThrow(RangeError);
  });

  it("scales a count exactly and rounds once to a whole token, half to even", () => {
    expect(scaleTokens(1001, 1_000_000n)).toBe(1001);
    expect(scaleTokens(5, 500_000n)).toBe(2); // 2.5 -> 2
    expect(scaleTokens(7, 500_000n)).toBe(4); // 3.5 -> 4
    expect(scaleTokens(3, 1_333_333n)).toBe(4); // 3.999999
    expect(scaleTokens(2 ** 50, 1_500_000n)).toBe(1.5 * 2 ** 50);
  });

  it("wants low <= point <= high", () => {
    expect(() => checkRatioEstimate({ point: "1", low: "0.9", high: "1.1" }, "x")).not.toThrow();
    expect(() => checkRatioEstimate({ point: "1", low: "1.1", high: "1.2" }, "input ratio a -> b")).toThrow(/input ratio a -> b: expected low <= point <= high/);
  });
});
