import { describe, expect, it } from "vitest";
import { detectBenchmarkRegression as detect } from "./detect-benchmark-regression";

const run = (passRate: number | null, ttftP95Ms: number | null) => ({ passRate, ttftP95Ms });
// Medians: pass rate 0.9, p95 TTFT 200 ms. The outlier run (0.2, 900) moves neither.
const history = [run(0.9, 210), run(0.85, 190), run(0.2, 900), run(0.95, 200), run(0.9, 180)];

describe("detectBenchmarkRegression", () => {
  it("flags a pass-rate drop of more than X points against the median of the history", () => {
    const found = detect({ current: run(0.75, 200), history, passRateDropPoints: 10, ttftP95RisePercent: 20 });
    expect(found).toEqual([{ metric: "passRate", current: 0.75, baselineMedian: 0.9, change: -15, unit: "points", threshold: 10 }]);
  });

  it("flags a p95 TTFT rise of more than Y percent", () => {
    const found = detect({ current: run(0.9, 260), history, passRateDropPoints: 10, ttftP95RisePercent: 20 });
    expect(found).toEqual([{ metric: "ttftP95Ms", current: 260, baselineMedian: 200, change: 30, unit: "percent", threshold: 20 }]);
  });

  it("flags both at once, and neither at exactly the threshold", () => {
    expect(detect({ current: run(0.5, 400), history, passRateDropPoints: 10, ttftP95RisePercent: 20 }).map((r) => r.metric)).toEqual(["passRate", "ttftP95Ms"]);
    // 0.9 -> 0.8 is 10 points (-10.000000000000009 in floats); 200 -> 240 ms is 20%.
    expect(detect({ current: run(0.8, 240), history, passRateDropPoints: 10, ttftP95RisePercent: 20 })).toEqual([]);
  });

  it("does not page for a rise under 50 ms, however large in percent (jitter on a fast model)", () => {
    const fast = [run(1, 20), run(1, 21), run(1, 19)];
    expect(detect({ current: run(1, 60), history: fast, ttftP95RisePercent: 50 })).toEqual([]);
    expect(detect({ current: run(1, 70), history: fast, ttftP95RisePercent: 50 })).toEqual([
      { metric: "ttftP95Ms", current: 70, baselineMedian: 20, change: 250, unit: "percent", threshold: 50 },
    ]);
  });

  it("does not flag improvements", () => {
    expect(detect({ current: run(1, 100), history, passRateDropPoints: 0, ttftP95RisePercent: 0 })).toEqual([]);
  });

  it("uses the median, not the mean: an old outlier does not hide a regression", () => {
    // The mean pass rate would be 0.76, making 0.75 look fine.
    expect(detect({ current: run(0.75, 200), history, passRateDropPoints: 5 })).toHaveLength(1);
  });

  it("says nothing without history, without a threshold, or without the metric", () => {
    expect(detect({ current: run(0, 10_000), history: [], passRateDropPoints: 1, ttftP95RisePercent: 1 })).toEqual([]);
    expect(detect({ current: run(0, 10_000), history })).toEqual([]);
    expect(detect({ current: run(null, null), history, passRateDropPoints: 1, ttftP95RisePercent: 1 })).toEqual([]);
    // Runs without a pass rate (an ungraded suite) are skipped when taking the median.
    expect(detect({ current: run(0.5, null), history: [run(null, 100), run(0.9, 100), run(null, 100)], passRateDropPoints: 10 })[0]).toMatchObject({ baselineMedian: 0.9, change: -40 });
    // A zero baseline has no percent change.
    expect(detect({ current: run(null, 50), history: [run(null, 0)], ttftP95RisePercent: 10 })).toEqual([]);
  });

  it("refuses negative or non-finite thresholds", () => {
    expect(() => detect({ current: run(0.5, 1), history, passRateDropPoints: -1 })).toThrow(/passRateDropPoints/);
    expect(() => detect({ current: run(0.5, 1), history, ttftP95RisePercent: Number.NaN })).toThrow(/ttftP95RisePercent/);
  });
});
