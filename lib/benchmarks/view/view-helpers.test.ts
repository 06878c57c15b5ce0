import { describe, expect, it } from "vitest";
import { bestColumns } from "./best-values";
import { lastRunsBySuite, latestSucceededByModel, toRunListItem, type RunListItem } from "./run-list-item";
import { trendSeries } from "./trend-series";

function run(id: string, model: string, status: string, finishedAt: string | null, headline: Partial<NonNullable<RunListItem["headline"]>> | null = {}, suiteId = "s1"): RunListItem {
  return toRunListItem({
    id, batchId: "b", status, trigger: "manual", stopReason: null, error: null, model, suite: { id: suiteId, name: suiteId }, costUsd: "0",
    createdAt: new Date("2026-12-01T00:00:00Z"), startedAt: null, finishedAt: finishedAt ? new Date(finishedAt) : null, cancelRequestedAt: null,
    progress: { done: 0, total: 1, elapsedMs: 0, etaMs: null },
    headline: headline && {
      passRate: null, passRateLow: null, passRateHigh: null, meanScore: null, ttftP50Ms: null, ttftP95Ms: null, tpotP50Ms: null, e2eP50Ms: null, e2eP95Ms: null,
      outputTokensPerSec: null, requestsPerSec: null, errorRate: null, costPer1kCasesUsd: null, totalCostUsd: null, judgeCalls: null, judgeCostUsd: null, hardwarePerMTokUsd: null, ...headline,
    },
  });
}

describe("toRunListItem", () => {
  it("gives the API's JSON shape (ISO strings) from the lib's rows", () => {
    const r = run("r1", "m", "succeeded", "2026-12-01T10:00:00Z");
    expect(r.createdAt).toBe("2026-12-01T00:00:00.000Z");
    expect(r.finishedAt).toBe("2026-12-01T10:00:00.000Z");
    expect(r.startedAt).toBeNull();
  });
});

describe("latest finished runs", () => {
  const runs = [
    run("old", "a", "succeeded", "2026-12-01T10:00:00Z"),
    run("new", "a", "succeeded", "2026-12-02T10:00:00Z"),
    run("failed", "a", "failed", "2026-12-03T10:00:00Z"),
    run("running", "b", "running", null),
    run("b1", "b", "succeeded", "2026-12-01T11:00:00Z"),
    run("other-suite", "a", "succeeded", "2026-12-05T10:00:00Z", {}, "s2"),
  ];
  it("takes the newest succeeded run per model, ignoring failed and active ones", () => {
    const latest = latestSucceededByModel(runs, "s1");
    expect(latest.get("a")?.id).toBe("new");
    expect(latest.get("b")?.id).toBe("b1");
  });
  it("groups them per suite", () => {
    const bySuite = lastRunsBySuite(runs);
    expect(bySuite.get("s1")?.map((r) => r.id)).toEqual(["new", "b1"]);
    expect(bySuite.get("s2")?.map((r) => r.id)).toEqual(["other-suite"]);
  });
});

describe("trendSeries", () => {
  it("gives each model its finished runs oldest first, with gaps as null", () => {
    const series = trendSeries([
      run("r2", "b", "succeeded", "2026-12-02T00:00:00Z", { passRate: 0.5, ttftP95Ms: 120 }),
      run("r1", "b", "succeeded", "2026-12-01T00:00:00Z", { passRate: null, ttftP95Ms: 100 }),
      run("r3", "a", "succeeded", "2026-12-01T00:00:00Z", { passRate: 1 }),
      run("r4", "a", "cancelled", "2026-12-03T00:00:00Z", { passRate: 0 }),
      run("r5", "a", "succeeded", "2026-12-03T00:00:00Z", null),
    ], "s1");
    expect(series.map((s) => s.model)).toEqual(["a", "b"]);
    expect(series[1]!.points.map((p) => [p.runId, p.passRate, p.ttftP95Ms])).toEqual([["r1", null, 100], ["r2", 0.5, 120]]);
    expect(series[0]!.points.map((p) => p.runId)).toEqual(["r3"]);
  });
});

describe("bestColumns", () => {
  it("marks the lowest or highest value, ties included", () => {
    expect([...bestColumns([120, 80, null, 80], "lower")]).toEqual([1, 3]);
    expect([...bestColumns([0.5, 0.9, 0.7], "higher")]).toEqual([1]);
  });
  it("compares money exactly", () => {
    expect([...bestColumns(["0.300000001", "0.3"], "lower")]).toEqual([1]);
  });
  it("marks nothing with fewer than two values or when all are equal", () => {
    expect(bestColumns([1, null], "lower").size).toBe(0);
    expect(bestColumns([2, 2], "lower").size).toBe(0);
    expect(bestColumns([Number.NaN, 1], "lower").size).toBe(0);
  });
});
