import { describe, expect, it } from "vitest";
import { compareCpuBaseline, lastRecordedProxyRun } from "../../bench/support/compare-cpu-baseline";

const run = (date: string, results: Record<string, number | null>) => ({ bench: "proxy", date, results: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { cpuUsPerReq: v }])) });
const block = (o: object) => "```json\n" + JSON.stringify(o) + "\n```";

describe("lastRecordedProxyRun", () => {
  it("takes the last bench:proxy block, skipping other benches and broken blocks", () => {
    const md = ["# Benchmarks", block(run("a", { "json:bare": 1 })), block({ bench: "ingest", date: "b" }), block(run("c", { "json:bare": 2 })), "```json\n{broken}\n```", block({ bench: "whatif", date: "d" })].join("\n\n");
    expect(lastRecordedProxyRun(md)?.date).toBe("c");
  });

  it("is null without a recorded run", () => {
    expect(lastRecordedProxyRun("# Benchmarks\n")).toBeNull();
  });
});

describe("compareCpuBaseline", () => {
  it("calls out a Tollgate target whose CPU relative to bare grew by more than 10%", () => {
    const before = run("x", { "json:bare": 100, "json:tollgate": 200, "json:tollgate+limits": 300, "json:direct": 20 });
    const now = run("y", { "json:bare": 50, "json:tollgate": 115, "json:tollgate+limits": 150, "json:direct": 10 }).results;
    const cmp = compareCpuBaseline(before, now);
    expect(cmp.map((c) => c.key)).toEqual(["json:tollgate", "json:tollgate+limits"]);
    // 2.0x bare before, 2.3x now: +15% although the absolute number went down (a faster machine).
    expect(cmp[0]).toMatchObject({ before: { cpuUsPerReq: 200, vsBare: 2 }, now: { cpuUsPerReq: 115, vsBare: 2.3 }, changePercent: 15, regression: true });
    expect(cmp[1]).toMatchObject({ changePercent: 0, regression: false });
  });

  it("skips targets not measured in both runs", () => {
    const before = run("x", { "mixed:bare": 100, "mixed:tollgate": null });
    expect(compareCpuBaseline(before, run("y", { "mixed:bare": 100, "mixed:tollgate": 150, "mixed:tollgate+cache": 90 }).results)).toEqual([]);
  });
});
