import { describe as group, expect, it } from "vitest";
import { describe, percentile } from "./describe-distribution";

// Expected values printed by numpy 2.4 (np.percentile default method, np.mean, np.std).
const sample = [12.5, 3, 7.25, 100, 42, 8, 8, 19.75, 61, 0.5];
const sorted = [...sample].sort((a, b) => a - b);

group("percentile", () => {
  it("matches np.percentile's linear interpolation, to the last bit", () => {
    expect(percentile(sorted, 0)).toBe(0.5);
    expect(percentile(sorted, 10)).toBe(2.75);
    expect(percentile(sorted, 25)).toBe(7.4375);
    expect(percentile(sorted, 50)).toBe(10.25);
    expect(percentile(sorted, 90)).toBe(64.89999999999999);
    expect(percentile(sorted, 95)).toBe(82.44999999999996);
    expect(percentile(sorted, 99)).toBe(96.49000000000001);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 33.3)).toBe(7.99775);
  });

  it("handles one and two values, and an empty sample", () => {
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2], 95)).toBe(1.95);
    expect(percentile([], 50)).toBeNull();
  });

  it("refuses a p outside 0-100", () => {
    expect(() => percentile(sorted, 101)).toThrow(/between 0 and 100/);
    expect(() => percentile(sorted, -1)).toThrow(/between 0 and 100/);
    expect(() => percentile(sorted, Number.NaN)).toThrow(/between 0 and 100/);
  });
});

group("describe", () => {
  it("gives count, mean, population std, min, percentiles and max of an unsorted sample", () => {
    expect(describe(sample)).toEqual({
      count: 10, mean: 26.2, std: 30.588764277100175, min: 0.5,
      p50: 10.25, p90: 64.89999999999999, p95: 82.44999999999996, p99: 96.49000000000001, max: 100,
    });
    // The input is not reordered.
    expect(sample[0]).toBe(12.5);
  });

  it("has null statistics for an empty sample", () => {
    expect(describe([])).toEqual({ count: 0, mean: null, std: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null });
  });

  it("refuses NaN and infinities, naming the value", () => {
    expect(() => describe([1, Number.NaN])).toThrow(/value 1 is not a finite number/);
    expect(() => describe([Infinity])).toThrow(/value 0/);
  });
});
