import { describe, expect, it } from "vitest";
import { arrivalOffsetsMs } from "./arrival-offsets";

describe("arrivalOffsetsMs", () => {
  it("spaces constant-rate requests exactly 1/R apart, the first at 0", () => {
    expect(arrivalOffsetsMs({ kind: "constant-rate", ratePerSec: 4 }, 5)).toEqual([0, 250, 500, 750, 1000]);
    expect(arrivalOffsetsMs({ kind: "constant-rate", ratePerSec: 0.5 }, 2)).toEqual([0, 2000]);
  });

  it("gives Poisson gaps whose mean is within 2% of 1/R, spread like an exponential", () => {
    const n = 100_000;
    const offsets = arrivalOffsetsMs({ kind: "poisson", ratePerSec: 50 }, n, 7);
    const gaps = offsets.slice(1).map((t, i) => t - offsets[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(Math.abs(mean - 20) / 20).toBeLessThan(0.02);
    // An exponential's standard deviation equals its mean, and P(gap > mean) = e^-1.
    const std = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(Math.abs(std - mean) / mean).toBeLessThan(0.03);
    expect(Math.abs(gaps.filter((g) => g > mean).length / gaps.length - Math.exp(-1))).toBeLessThan(0.01);
    expect(offsets[0]).toBe(0);
    expect(gaps.every((g) => g >= 0 && Number.isFinite(g))).toBe(true);
  });

  it("is deterministic: the same seed gives the same offsets, another seed others", () => {
    const a = arrivalOffsetsMs({ kind: "poisson", ratePerSec: 10 }, 1000, 42);
    expect(arrivalOffsetsMs({ kind: "poisson", ratePerSec: 10 }, 1000, 42)).toEqual(a);
    const b = arrivalOffsetsMs({ kind: "poisson", ratePerSec: 10 }, 1000, 43);
    expect(b).not.toEqual(a);
    // A prefix of a longer run is the shorter run: extending a run does not reshuffle it.
    expect(arrivalOffsetsMs({ kind: "poisson", ratePerSec: 10 }, 10, 42)).toEqual(a.slice(0, 10));
  });

  it("returns nothing for zero requests and refuses bad input with the field's name", () => {
    expect(arrivalOffsetsMs({ kind: "poisson", ratePerSec: 1 }, 0, 1)).toEqual([]);
    expect(() => arrivalOffsetsMs({ kind: "constant-rate", ratePerSec: 0 }, 3)).toThrow(/ratePerSec/);
    expect(() => arrivalOffsetsMs({ kind: "constant-rate", ratePerSec: Infinity }, 3)).toThrow(/ratePerSec/);
    expect(() => arrivalOffsetsMs({ kind: "constant-rate", ratePerSec: 1 }, -1)).toThrow(/count/);
    expect(() => arrivalOffsetsMs({ kind: "constant-rate", ratePerSec: 1 }, 1e9)).toThrow(/count/);
    expect(() => arrivalOffsetsMs({ kind: "poisson", ratePerSec: 1 }, 3, 1.5)).toThrow(/seed/);
    expect(() => arrivalOffsetsMs({ kind: "sequential" } as never, 3)).toThrow(/constant-rate or poisson profile, got "sequential"/);
  });
});
