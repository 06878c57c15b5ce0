import { describe, expect, it } from "vitest";
import { assignRules } from "./match-scenario-rules";
import { planMoves } from "./plan-moves";
import { simulateQuality, type QualityInput } from "./simulate-quality";
import type { QualityTable } from "./whatif-inputs";
import { cell } from "@/tests/support/whatif-fixtures";

const rate = (passed: number, graded: number) => ({ passed, graded, runIds: [`run-${passed}-${graded}`] });
const quality: QualityTable = new Map([
  ["support", new Map([["gpt-5", rate(90, 100)], ["gpt-5-mini", rate(80, 100)], ["gpt-5-nano", rate(60, 100)], ["qwen-local", rate(50, 100)]])],
]);

function run(rules: { projectIds?: string[]; share: number; target: string | null; suiteId: string | null }[], cells = [cell({ projectId: "a", requests: 100 }), cell({ projectId: "b", requests: 300 })], extra: Partial<QualityInput> = {}) {
  const ruleOfCell = assignRules(cells, rules.map((r) => (r.projectIds ? { projectIds: r.projectIds } : {})));
  const plan = planMoves(cells, ruleOfCell, rules.map((r) => ({ sharePercent: r.share, target: r.target })));
  return simulateQuality({ cells, plan, rules: rules.map((r) => ({ suiteId: r.suiteId })), quality, ...extra });
}

describe("simulateQuality", () => {
  it("weighs the measured pass rates by requests, before and after, and gives quality retained", () => {
    const q = run([{ share: 50, target: "gpt-5-mini", suiteId: "support" }]);
    // before: all 400 on gpt-5 (0.9); after: 200 on gpt-5, 200 on mini (0.8) -> 0.85; retained 0.85 / 0.9
    const r = q.byRule[0]!;
    expect(r.status).toBe("measured");
    if (r.status !== "measured") return;
    expect(r.before.passRate).toBeCloseTo(0.9, 12);
    expect(r.after.passRate).toBeCloseTo(0.85, 12);
    expect(r.retained).toBeCloseTo(0.85 / 0.9, 12);
    expect(r.after.low).toBeLessThan(r.after.passRate);
    expect(r.after.high).toBeGreaterThan(r.after.passRate);
    expect(r.models.map((m) => [m.model, m.before, m.after])).toEqual([["gpt-5", 400, 200], ["gpt-5-mini", 0, 200]]);
    expect(q.overall).toMatchObject({ status: "measured", requests: 400 });
  });

  it("calls a target without results on the suite unmeasured, never equal", () => {
    const q = run([{ share: 100, target: "claude-haiku-4.5", suiteId: "support" }]);
    expect(q.byRule[0]).toMatchObject({ status: "unmeasured", reason: "unmeasured-models", unmeasuredModels: ["claude-haiku-4.5"] });
    expect(q.overall).toEqual({ status: "unmeasured", rules: [0] });
    expect(run([{ share: 100, target: "gpt-5-mini", suiteId: "other-suite" }]).byRule[0]).toMatchObject({ status: "unmeasured", unmeasuredModels: ["gpt-5", "gpt-5-mini"] });
    expect(run([{ share: 100, target: "gpt-5-mini", suiteId: null }]).byRule[0]).toMatchObject({ status: "unmeasured", reason: "no-suite" });
  });

  it("is unchanged when nothing moves to another model, measured or not", () => {
    const q = run([{ share: 100, target: "gpt-5", suiteId: null }, { share: 0, target: "gpt-5-nano", suiteId: "support" }]);
    expect(q.byRule.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    expect(q.overall).toEqual({ status: "unchanged" });
  });

  it("weighs each moving rule by its requests in the overall figure", () => {
    const q = run([
      { projectIds: ["a"], share: 100, target: "gpt-5-nano", suiteId: "support" }, // 100 requests: 0.9 -> 0.6
      { projectIds: ["b"], share: 100, target: "gpt-5-mini", suiteId: "support" }, // 300 requests: 0.9 -> 0.8
    ]);
    expect(q.overall.status).toBe("measured");
    if (q.overall.status !== "measured") return;
    expect(q.overall.after.passRate).toBeCloseTo((100 * 0.6 + 300 * 0.8) / 400, 12);
    expect(q.overall.before.passRate).toBeCloseTo(0.9, 12);
  });

  it("splits a burst's share between the local and the cloud model", () => {
    const cells = [cell({ requests: 100 })];
    const plan = planMoves(cells, Int32Array.from([0]), [{ sharePercent: 100, target: "qwen-local" }]);
    const q = simulateQuality({ cells, plan, rules: [{ suiteId: "support" }], quality, burst: { localModel: "qwen-local", cloudModel: "gpt-5-mini", localFractionOfMove: new Map([[0, 0.75]]) } });
    expect(q.byRule[0]!.models.map((m) => [m.model, m.after])).toEqual([["gpt-5", 0], ["gpt-5-mini", 25], ["qwen-local", 75]]);
    const r = q.byRule[0]!;
    if (r.status === "measured") expect(r.after.passRate).toBeCloseTo(0.75 * 0.5 + 0.25 * 0.8, 12);
    else throw new Error("expected measured");
  });
});
