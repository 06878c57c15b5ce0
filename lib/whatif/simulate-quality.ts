// Quality before and after, from measured benchmark pass rates: for each
// rule, the pass rate on the rule's suite of the model serving each request,
// weighted by requests, before (the models that served) and after (the
// moved share at its target, or at the local and cloud models of a burst in
// their proportions). Quality retained = after / before.
// A model without graded results on the suite is unmeasured: the rule is
// then "unmeasured", naming the models, never assumed equal. A rule that
// names no suite is unmeasured too, unless it moves nothing to a different
// model ("unchanged"). The band mixes each model's 95% Wilson interval the
// same way (lib/benchmarks/metrics/wilson-interval.ts): conservative, since
// it takes every model at its bound at once.
// The overall figure weighs each rule that moves traffic by its requests,
// each on its own suite; any unmeasured one makes the overall unmeasured.
import { wilsonInterval } from "@/lib/benchmarks/metrics/wilson-interval";
import type { MovePlan } from "./plan-moves";
import type { TrafficCell } from "./traffic-profile";
import type { MeasuredPassRate, QualityTable } from "./whatif-inputs";

export interface QualityRule {
  /** The suite quality is judged on (scenario-schema.ts qualitySuiteOf). */
  suiteId: string | null;
}

export interface QualityInput {
  cells: readonly TrafficCell[];
  plan: MovePlan;
  rules: readonly QualityRule[];
  quality: QualityTable;
  burst?: { localModel: string; cloudModel: string; localFractionOfMove: ReadonlyMap<number, number> };
}

export interface PassRateMix {
  passRate: number;
  low: number;
  high: number;
}

export interface ModelWeight {
  model: string;
  /** Requests weighing on this model's pass rate (expected, not rounded). */
  before: number;
  after: number;
  measured: (MeasuredPassRate & { passRate: number }) | null;
}

export type RuleQuality = { rule: number; suiteId: string | null; requests: number; models: ModelWeight[] } & (
  | { status: "unchanged" }
  | { status: "measured"; before: PassRateMix; after: PassRateMix; retained: number | null }
  | { status: "unmeasured"; reason: "no-suite" | "unmeasured-models"; unmeasuredModels: string[] }
);

export type OverallQuality =
  | { status: "unchanged" }
  | { status: "measured"; requests: number; before: PassRateMix; after: PassRateMix; retained: number | null }
  | { status: "unmeasured"; rules: number[] };

export interface QualitySimulation {
  byRule: RuleQuality[];
  overall: OverallQuality;
}

function mix(weights: ModelWeight[], side: "before" | "after"): PassRateMix {
  let total = 0, point = 0, low = 0, high = 0;
  for (const w of weights) {
    const n = w[side];
    if (n === 0) continue;
    const m = w.measured!;
    const interval = wilsonInterval(m.passed, m.graded)!;
    total += n;
    point += n * m.passRate;
    low += n * interval.low;
    high += n * interval.high;
  }
  return { passRate: point / total, low: low / total, high: high / total };
}

const ratio = (after: number, before: number) => (before > 0 ? after / before : null);

export function simulateQuality(input: QualityInput): QualitySimulation {
  const { cells, plan, rules, quality, burst } = input;
  const perRule = rules.map(() => ({ requests: 0, moved: false, weights: new Map<string, { before: number; after: number }>() }));
  const weigh = (r: number, model: string, before: number, after: number) => {
    const w = perRule[r]!.weights.get(model);
    if (w) {
      w.before += before;
      w.after += after;
    } else perRule[r]!.weights.set(model, { before, after });
  };

  cells.forEach((c, i) => {
    const r = plan.ruleOfCell[i]!;
    if (r < 0) return;
    perRule[r]!.requests += c.requests;
    const m = plan.moveOfCell[i]!;
    const move = m >= 0 ? plan.moves[m]! : undefined;
    if (!move) return weigh(r, c.servedModel, c.requests, c.requests);
    perRule[r]!.moved = true;
    const moved = c.requests * move.share;
    weigh(r, c.servedModel, c.requests, c.requests - moved);
    if (burst && move.target === burst.localModel) {
      const local = burst.localFractionOfMove.get(m) ?? 1;
      weigh(r, burst.localModel, 0, moved * local);
      if (local < 1) weigh(r, burst.cloudModel, 0, moved * (1 - local));
    } else weigh(r, move.target, 0, moved);
  });

  const byRule: RuleQuality[] = perRule.map((p, rule) => {
    const suiteId = rules[rule]!.suiteId;
    const suite = suiteId === null ? undefined : quality.get(suiteId);
    const models: ModelWeight[] = [...p.weights]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([model, w]) => {
        const m = suite?.get(model);
        return { model, ...w, measured: m && m.graded > 0 ? { ...m, passRate: m.passed / m.graded } : null };
      });
    const base = { rule, suiteId, requests: p.requests, models };
    if (!p.moved) return { ...base, status: "unchanged" as const };
    if (suiteId === null) return { ...base, status: "unmeasured" as const, reason: "no-suite" as const, unmeasuredModels: models.map((m) => m.model) };
    const unmeasured = models.filter((m) => m.measured === null && (m.before > 0 || m.after > 0)).map((m) => m.model);
    if (unmeasured.length) return { ...base, status: "unmeasured" as const, reason: "unmeasured-models" as const, unmeasuredModels: unmeasured };
    const before = mix(models, "before"), after = mix(models, "after");
    return { ...base, status: "measured" as const, before, after, retained: ratio(after.passRate, before.passRate) };
  });

  return { byRule, overall: overallOf(byRule) };
}

function overallOf(byRule: RuleQuality[]): OverallQuality {
  const changed = byRule.filter((r) => r.status !== "unchanged");
  if (!changed.length) return { status: "unchanged" };
  const unmeasured = changed.filter((r) => r.status === "unmeasured").map((r) => r.rule);
  if (unmeasured.length) return { status: "unmeasured", rules: unmeasured };
  let requests = 0;
  const sum = { before: { passRate: 0, low: 0, high: 0 }, after: { passRate: 0, low: 0, high: 0 } };
  for (const r of changed) {
    if (r.status !== "measured") continue;
    requests += r.requests;
    for (const side of ["before", "after"] as const) for (const k of ["passRate", "low", "high"] as const) sum[side][k] += r.requests * r[side][k];
  }
  const scale = (m: PassRateMix): PassRateMix => ({ passRate: m.passRate / requests, low: m.low / requests, high: m.high / requests });
  const before = scale(sum.before), after = scale(sum.after);
  return { status: "measured", requests, before, after, retained: ratio(after.passRate, before.passRate) };
}
