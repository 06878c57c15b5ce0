import { describe, expect, it } from "vitest";
import { histogramBins, niceWidth } from "./histogram-bins";

describe("niceWidth", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect(niceWidth(0.7)).toBe(1);
    expect(niceWidth(1)).toBe(1);
    expect(niceWidth(1.2)).toBe(2);
    expect(niceWidth(3)).toBe(5);
    expect(niceWidth(7)).toBe(10);
    expect(niceWidth(230)).toBe(500);
    expect(niceWidth(0.013)).toBe(0.02);
  });
});

describe("histogramBins", () => {
  it("is empty for no values and ignores non-finite ones", () => {
    expect(histogramBins([])).toEqual([]);
    expect(histogramBins([Number.NaN, Infinity])).toEqual([]);
  });
  it("puts identical values in one bin", () => {
    expect(histogramBins([5, 5, 5])).toEqual([{ from: 5, to: 5, count: 3 }]);
  });
  it("uses nice edges and counts every value exactly once", () => {
    const values = [3, 12, 19, 20, 21, 38, 40, 99];
    const bins = histogramBins(values);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(values.length);
    // 8 values -> 5 bins over 96 ms -> width 20, starting at 0.
    expect(bins.map((b) => [b.from, b.to, b.count])).toEqual([[0, 20, 3], [20, 40, 3], [40, 60, 1], [60, 80, 0], [80, 100, 1]]);
  });
  it("puts a value on an inner edge in the bin it starts", () => {
    const bins = histogramBins([0, 10, 20, 30, 40, 50]);
    expect(bins.find((b) => b.from === 10)?.count).toBe(1);
    expect(bins.at(-1)).toMatchObject({ count: 1 });
  });
  it("never makes more than maxBins bins, even for a wide spread", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 100_003);
    const bins = histogramBins(values, { maxBins: 12 });
    expect(bins.length).toBeLessThanOrEqual(12);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(values.length);
  });
  it("keeps decimal edges clean", () => {
    const bins = histogramBins([0.1, 0.2, 0.3, 0.45, 0.61]);
    for (const b of bins) expect(String(b.from)).not.toMatch(/0000000/);
  });
});
