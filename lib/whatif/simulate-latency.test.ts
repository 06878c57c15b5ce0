import { describe, expect, it } from "vitest";
import { assignRules } from "./match-scenario-rules";
import { planMoves } from "./plan-moves";
import { simulateLatency, type LatencyInput } from "./simulate-latency";
import { IDENTITY_RATIOS, type TokenRatios } from "./token-ratio";
import type { TrafficCell } from "./traffic-profile";
import type { LatencyTable } from "./whatif-inputs";
import { cell } from "@/tests/support/whatif-fixtures";

const adjustments = { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false };
const profiles: LatencyTable = new Map([
  ["fast", { ttftMs: [100], outputTokensPerSec: [50], runIds: ["r1"] }],
  ["spread", { ttftMs: [100, 200, 300, 400], outputTokensPerSec: [20, 40, 80], runIds: ["r2"] }],
]);
const ratios = (output: string): TokenRatios => ({ ...IDENTITY_RATIOS, output: { point: output, low: output, high: output } });

function run(cells: TrafficCell[], rules: { projectIds?: string[]; share: number; target: string }[], extra: Partial<LatencyInput> = {}) {
  const ruleOfCell = assignRules(cells, rules.map((r) => (r.projectIds ? { projectIds: r.projectIds } : {})));
  const plan = planMoves(cells, ruleOfCell, rules.map((r) => ({ sharePercent: r.share, target: r.target })));
  return simulateLatency({ cells, plan, profiles, ctx: { adjustments, ratios: () => IDENTITY_RATIOS }, seed: 42, ...extra });
}

// 10 requests, 3000 output tokens (300 each), observed mean latency 1200 ms, served by gpt-5 (no profile)
const c = cell();

describe("simulateLatency", () => {
  it("adds the target's TTFT to its output tokens at its measured tokens/s", () => {
    const r = run([c], [{ share: 100, target: "fast" }]);
    // after: 100 ms + 300 tokens / 50 per s = 6100 ms; before: the ledger's observed mean, 1200 ms
    expect(r.overall).toEqual({ samples: 10_000, before: { p50Ms: 1200, p95Ms: 1200 }, after: { p50Ms: 6100, p95Ms: 6100 }, unmeasuredModels: [], observedModels: ["gpt-5"] });
  });

  it("scales output by the output-length ratio when that adjustment is on", () => {
    const ctx = { adjustments, ratios: () => ratios("0.5") };
    expect(run([c], [{ share: 100, target: "fast" }], { ctx }).overall.after).toEqual({ p50Ms: 3100, p95Ms: 3100 });
    const off = { adjustments: { ...adjustments, outputLengthRatio: false }, ratios: () => ratios("0.5") };
    expect(run([c], [{ share: 100, target: "fast" }], { ctx: off }).overall.after).toEqual({ p50Ms: 6100, p95Ms: 6100 });
  });

  it("moves only the rule's share of the sampled requests", () => {
    const r = run([c], [{ share: 30, target: "fast" }]);
    // 70% stay at 1200 ms, 30% move to 6100 ms: the median stays, the p95 moves
    expect(r.overall.after).toEqual({ p50Ms: 1200, p95Ms: 6100 });
  });

  it("samples cells in proportion to their requests", () => {
    const cells = [cell({ projectId: "a", requests: 1, latencyMsSum: 100 }), cell({ projectId: "b", requests: 3, latencyMsSum: 600 })];
    const r = run(cells, [{ share: 0, target: "fast" }]);
    expect(r.overall.before).toEqual({ p50Ms: 200, p95Ms: 200 });
    expect(r.overall.after).toEqual(r.overall.before);
  });

  it("draws from measured distributions, reproducibly for a seed", () => {
    const served = cell({ servedModel: "spread", requestedModel: "spread" });
    const a = run([served], [{ share: 50, target: "fast" }]);
    const b = run([served], [{ share: 50, target: "fast" }]);
    expect(a).toEqual(b);
    expect(a.overall.observedModels).toEqual([]);
    const before = a.overall.before!;
    // TTFT 100-400 plus 300 tokens at 20-80 tokens/s (3750-15000 ms)
    expect(before.p50Ms).toBeGreaterThanOrEqual(100 + 3750);
    expect(before.p95Ms).toBeLessThanOrEqual(400 + 15_000);
    expect(run([served], [{ share: 50, target: "fast" }], { seed: 7 }).overall.before).not.toEqual(before);
  });

  it("names a target without a latency profile instead of guessing, overall and per rule", () => {
    const cells = [cell({ projectId: "a" }), cell({ projectId: "b" })];
    const r = run(cells, [{ projectIds: ["a"], share: 100, target: "unbenchmarked" }, { projectIds: ["b"], share: 100, target: "fast" }]);
    expect(r.overall).toMatchObject({ after: null, unmeasuredModels: ["unbenchmarked"] });
    expect(r.byRule.map((x) => [x.rule, x.after, x.unmeasuredModels])).toEqual([[0, null, ["unbenchmarked"]], [1, { p50Ms: 6100, p95Ms: 6100 }, []]]);
    expect(r.byRule[1]!.samples).toBe(2_000);
  });

  it("sends the spilled part of a burst to the cloud model", () => {
    const cells = [c];
    const plan = planMoves(cells, Int32Array.from([0]), [{ sharePercent: 100, target: "fast" }]);
    const r = simulateLatency({
      cells, plan, profiles: new Map([...profiles, ["cloud", { ttftMs: [50], outputTokensPerSec: [100], runIds: ["r3"] }]]),
      ctx: { adjustments, ratios: () => IDENTITY_RATIOS }, seed: 1, burst: { localModel: "fast", cloudModel: "cloud", localFractionOfMove: new Map([[0, 0.02]]) },
    });
    // 2% local at 6100 ms, 98% spilled to the cloud at 50 + 300 tokens / 100 per s = 3050 ms
    expect(r.overall.after).toEqual({ p50Ms: 3050, p95Ms: 3050 });
  });
});
