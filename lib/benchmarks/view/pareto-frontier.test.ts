import { describe, expect, it } from "vitest";
import { paretoFrontier } from "./pareto-frontier";

const p = (key: string, costUsd: string | null, passRate: number | null) => ({ key, costUsd, passRate });

describe("paretoFrontier", () => {
  it("keeps the models nothing beats on both cost and quality, cheapest first", () => {
    const points = [p("premium", "12.5", 0.95), p("mid", "2.10", 0.9), p("bad-mid", "3", 0.7), p("cheap", "0.40", 0.6), p("worse-cheap", "0.40", 0.5)];
    expect(paretoFrontier(points)).toEqual(["cheap", "mid", "premium"]);
  });
  it("drops a dearer model that is only as good", () => {
    expect(paretoFrontier([p("a", "1", 0.8), p("b", "2", 0.8)])).toEqual(["a"]);
  });
  it("keeps exact ties (same cost, same pass rate) together", () => {
    expect(paretoFrontier([p("a", "1.0", 0.8), p("b", "1", 0.8)])).toEqual(["a", "b"]);
  });
  it("compares costs as exact decimals, not floats", () => {
    // 0.1 + 0.2 style values: 0.300000000000000001 is dearer than 0.3.
    expect(paretoFrontier([p("a", "0.300000000000000001", 0.8), p("b", "0.3", 0.8)])).toEqual(["b"]);
  });
  it("never puts an unpriced or ungraded model on the frontier (unpriced is not $0)", () => {
    expect(paretoFrontier([p("unpriced", null, 1), p("ungraded", "0", null), p("a", "5", 0.5)])).toEqual(["a"]);
  });
  it("is empty when nothing is placed", () => {
    expect(paretoFrontier([])).toEqual([]);
  });
});
