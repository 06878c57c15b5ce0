import { describe, expect, it } from "vitest";
import type { SimulationDetails } from "../io/describe-simulation";
import { compareScenarios, type ComparedResult } from "./compare-scenarios";

const totals = { requests: 100, movedRequests: 40, unpricedRequests: 0, hardwareNano: "0" };
function result(name: string, baseline: string, simulated: string, quality: unknown, latencyAfter: number | null): ComparedResult {
  return {
    name, href: `/whatif/${name}`, range: "1–30 Nov", rules: 1, baselineCostUsd: baseline, simulatedCostUsd: simulated, simulatedLowCostUsd: simulated, simulatedHighCostUsd: simulated,
    details: {
      cost: { totals }, quality: { overall: quality },
      latency: { overall: { before: { p95Ms: 900 }, after: latencyAfter === null ? null : { p95Ms: latencyAfter } } }, burst: null,
    } as unknown as SimulationDetails,
  };
}
const measured = (before: number, after: number) => ({ status: "measured", before: { passRate: before }, after: { passRate: after }, retained: after / before });

describe("compareScenarios", () => {
  it("marks the largest saving share, the best pass rate after and the lowest p95 after; money stays exact", () => {
    const rows = compareScenarios([
      result("a", "100.000000000", "60.000000000", measured(0.9, 0.8), 700),
      result("b", "10.000000000", "5.000000000", measured(0.9, 0.85), 1200),
    ]);
    const row = (m: string) => rows.find((r) => r.measure === m)!;
    expect(row("Saving").cells).toEqual([{ kind: "usd", usd: "40.000000000" }, { kind: "usd", usd: "5.000000000" }]);
    // 40% of a against 50% of b: shares of each one's own baseline.
    expect(row("Saving % of baseline").best).toBe(1);
    expect(row("Quality (pass rate) after").best).toBe(1);
    expect(row("p95 latency after").best).toBe(0);
    expect(row("Baseline cost").best).toBeNull();
  });

  it("unmeasured is never best, and a tie has no best", () => {
    const rows = compareScenarios([
      result("a", "100", "50", { status: "unmeasured", reason: "no-suite" }, null),
      result("b", "100", "50", measured(0.9, 0.5), 800),
      result("c", "100", "60", { status: "unchanged" }, 900),
    ]);
    const row = (m: string) => rows.find((r) => r.measure === m)!;
    expect(row("Saving % of baseline").best).toBeNull(); // 50% twice
    expect(row("Quality (pass rate) after").cells[0]).toEqual({ kind: "unmeasured", text: "unmeasured" });
    expect(row("Quality (pass rate) after").best).toBeNull(); // one measured value only
    expect(row("p95 latency after").best).toBe(1);
    expect(row("Quality retained").cells.map((c) => ("text" in c ? c.text : ""))).toEqual(["unmeasured", "55.6%", "100.0%"]);
  });
});
