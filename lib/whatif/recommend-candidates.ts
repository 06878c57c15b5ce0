// Recommendations: for each project x requested model whose priced spend over
// the range reaches a floor, the catalog models that would have served the
// same traffic for less while keeping measured quality and latency:
//   quality  on every suite where the requested model is measured, the
//            candidate is measured too and passes at least X% of the
//            requested model's pass rate (candidate >= current x X / 100;
//            a current rate of 0 is met by any measured candidate);
//   latency  the candidate's measured p95 TTFT is at most the requested
//            model's x (1 + Y / 100) (choose-cheapest-target.ts p95TtftOf);
//   cost     the group's traffic re-priced at the candidate exactly as a
//            100% scenario rule would (plan-moves.ts + simulate-cost.ts:
//            token ratios, cache carry-over, the price in effect per cell),
//            and cheaper than the ledger's cost of it.
// Unmeasured is never equal: a candidate without a pass rate on one of the
// suites, or without latency samples, is excluded and the reason says so;
// when the requested model itself is unmeasured, nothing can be compared and
// every candidate is excluded with that reason. Qualified candidates are
// ranked by saving (largest first), then quality retained, then alias.
// Percents are display figures (2 decimals); the money is exact nano-dollars.
import { p95TtftOf } from "./choose-cheapest-target";
import { divideHalfEven } from "./divide-half-even";
import { planMoves } from "./plan-moves";
import type { RepriceContext } from "./reprice-tokens";
import { simulateCost } from "./simulate-cost";
import type { RatioLookup } from "./token-ratio";
import type { TrafficCell } from "./traffic-profile";
import { WhatIfInputError, type LatencyTable, type QualityTable, type WhatIfCatalog } from "./whatif-inputs";

export const DEFAULT_QUALITY_RETAINED_PERCENT = 95;
export const DEFAULT_LATENCY_WITHIN_PERCENT = 20;
/** $1 over the range: below it a recommendation is not worth a decision. */
export const DEFAULT_MIN_SPEND_NANO = 1_000_000_000n;

export interface RecommendParams {
  /** X: the candidate's pass rate is at least this percent of the requested model's, on every suite. */
  qualityRetainedPercent: number;
  /** Y: the candidate's p95 TTFT is at most this percent above the requested model's. */
  latencyWithinPercent: number;
  /** Groups whose priced spend is below this are not considered. */
  minSpendNano: bigint;
}

export interface RecommendInput {
  cells: readonly TrafficCell[];
  catalog: WhatIfCatalog;
  quality: QualityTable;
  latency: LatencyTable;
  ratios: RatioLookup;
  params: RecommendParams;
  /** Models to consider (default: every catalog model); the requested model itself never is. */
  candidates?: readonly string[];
}

export type ExclusionReason =
  | "current-unmeasured-quality" | "unmeasured-quality" | "below-quality"
  | "current-unmeasured-latency" | "unmeasured-latency" | "over-latency"
  | "no-price" | "not-cheaper";

export interface SuiteComparison {
  suiteId: string;
  currentPassRate: number;
  candidatePassRate: number | null;
  /** candidate / current x 100, 2 decimals; null when unmeasured or the current rate is 0. */
  retainedPercent: string | null;
}

export interface CandidateFigures {
  model: string;
  suites: SuiteComparison[];
  /** The worst suite's retained percent (the one that decides). */
  qualityRetainedPercent: string | null;
  p95TtftMs: number | null;
  /** (candidate - current) / current x 100, 2 decimals; null when either is unmeasured or the current is 0. */
  p95ChangePercent: string | null;
}

export interface RankedCandidate extends CandidateFigures {
  simulatedNano: bigint;
  lowNano: bigint;
  highNano: bigint;
  /** baseline - simulated (positive). */
  savingNano: bigint;
  /** saving / baseline x 100, 2 decimals (half to even). */
  savingPercent: string;
}

export interface ExcludedCandidate extends CandidateFigures {
  reason: ExclusionReason;
  detail: string;
}

export interface Recommendation {
  projectId: string;
  requestedModel: string;
  /** Priced requests of the group (unpriced ones are left out of cost and counted). */
  requests: number;
  unpricedRequests: number;
  baselineNano: bigint;
  current: { suites: { suiteId: string; passRate: number; graded: number }[]; p95TtftMs: number | null };
  candidates: RankedCandidate[];
  excluded: ExcludedCandidate[];
}

export interface RecommendOutput {
  recommendations: Recommendation[];
  /** Groups with priced spend under the floor. */
  belowFloor: { groups: number; baselineNano: bigint };
}

/** n / d x 100 with 2 decimals, half to even, for bigints n >= 0, d > 0. */
export function percentOf(n: bigint, d: bigint): string {
  const bp = divideHalfEven(n * 10_000n, d);
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, "0")}`;
}

const fixed2 = (v: number) => (Math.round(v * 100) / 100).toFixed(2);

interface Group {
  projectId: string;
  requestedModel: string;
  cells: TrafficCell[];
  requests: number;
  unpricedRequests: number;
  baselineNano: bigint;
}

function groupCells(cells: readonly TrafficCell[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of cells) {
    const key = `${c.projectId}\u0000${c.requestedModel}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { projectId: c.projectId, requestedModel: c.requestedModel, cells: [], requests: 0, unpricedRequests: 0, baselineNano: 0n }));
    if (!c.priced) {
      g.unpricedRequests += c.requests;
      continue;
    }
    g.cells.push(c);
    g.requests += c.requests;
    g.baselineNano += c.costNano;
  }
  return [...groups.values()];
}

function compareQuality(quality: QualityTable, current: string, candidate: string, retainedPercent: number): { suites: SuiteComparison[]; worst: string | null; failure: { reason: ExclusionReason; detail: string } | null } {
  const suites: SuiteComparison[] = [];
  let failure: { reason: ExclusionReason; detail: string } | null = null;
  let worst: number | null = null;
  for (const [suiteId, bySuite] of [...quality].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cur = bySuite.get(current);
    if (!cur || cur.graded === 0) continue;
    const curRate = cur.passed / cur.graded;
    const cand = bySuite.get(candidate);
    const candRate = cand && cand.graded > 0 ? cand.passed / cand.graded : null;
    const retained = candRate !== null && curRate > 0 ? (candRate / curRate) * 100 : null;
    suites.push({ suiteId, currentPassRate: curRate, candidatePassRate: candRate, retainedPercent: retained === null ? null : fixed2(retained) });
    if (retained !== null && (worst === null || retained < worst)) worst = retained;
    if (failure) continue;
    if (candRate === null) failure = { reason: "unmeasured-quality", detail: `not measured on suite ${suiteId}, where ${current} is` };
    // Exact comparison on the counts: cand.passed / cand.graded >= X / 100 x cur.passed / cur.graded.
    else if (cand!.passed * cur.graded * 100 < retainedPercent * cur.passed * cand!.graded) {
      failure = { reason: "below-quality", detail: `passes ${fixed2(candRate * 100)}% on suite ${suiteId} against ${fixed2(curRate * 100)}% (under ${retainedPercent}% of it)` };
    }
  }
  return { suites, worst: worst === null ? null : fixed2(worst), failure };
}

export function recommendCandidates(input: RecommendInput): RecommendOutput {
  const { catalog, quality, latency, params } = input;
  const ctx: RepriceContext = { catalog, ratios: input.ratios, adjustments: { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false } };
  const pool = [...new Set(input.candidates ?? [...catalog.keys()])].sort();
  const belowFloor = { groups: 0, baselineNano: 0n };
  const recommendations: Recommendation[] = [];

  for (const g of groupCells(input.cells)) {
    if (g.cells.length === 0 || g.baselineNano < params.minSpendNano) {
      belowFloor.groups++;
      belowFloor.baselineNano += g.baselineNano;
      continue;
    }
    const currentSuites = [...quality]
      .flatMap(([suiteId, s]) => {
        const m = s.get(g.requestedModel);
        return m && m.graded > 0 ? [{ suiteId, passRate: m.passed / m.graded, graded: m.graded }] : [];
      })
      .sort((a, b) => (a.suiteId < b.suiteId ? -1 : 1));
    const currentP95 = p95TtftOf(latency, g.requestedModel);
    const rec: Recommendation = {
      projectId: g.projectId, requestedModel: g.requestedModel, requests: g.requests, unpricedRequests: g.unpricedRequests, baselineNano: g.baselineNano,
      current: { suites: currentSuites, p95TtftMs: currentP95 }, candidates: [], excluded: [],
    };
    const ruleOfCell = new Int32Array(g.cells.length);

    for (const model of pool) {
      if (model === g.requestedModel) continue;
      const q = compareQuality(quality, g.requestedModel, model, params.qualityRetainedPercent);
      const p95 = p95TtftOf(latency, model);
      const figures: CandidateFigures = {
        model, suites: q.suites, qualityRetainedPercent: q.worst, p95TtftMs: p95,
        p95ChangePercent: p95 !== null && currentP95 !== null && currentP95 > 0 ? fixed2(((p95 - currentP95) / currentP95) * 100) : null,
      };
      const exclude = (reason: ExclusionReason, detail: string) => rec.excluded.push({ ...figures, reason, detail });

      if (currentSuites.length === 0) { exclude("current-unmeasured-quality", `${g.requestedModel} has no measured pass rate on any suite, so no candidate can be shown to keep its quality`); continue; }
      if (q.failure) { exclude(q.failure.reason, q.failure.detail); continue; }
      if (currentP95 === null) { exclude("current-unmeasured-latency", `${g.requestedModel} has no measured TTFT, so no candidate can be shown to keep its latency`); continue; }
      if (p95 === null) { exclude("unmeasured-latency", "no measured TTFT"); continue; }
      if (p95 > currentP95 * (1 + params.latencyWithinPercent / 100)) {
        exclude("over-latency", `p95 TTFT ${Math.round(p95)} ms against ${Math.round(currentP95)} ms (more than ${params.latencyWithinPercent}% above)`);
        continue;
      }
      let cost;
      try {
        cost = simulateCost({ cells: g.cells, plan: planMoves(g.cells, ruleOfCell, [{ sharePercent: 100, target: model }]), ctx }).totals;
      } catch (error) {
        if (error instanceof WhatIfInputError) { exclude("no-price", error.message); continue; }
        throw error;
      }
      const savingNano = g.baselineNano - cost.simulatedNano;
      if (savingNano <= 0n) { exclude("not-cheaper", "would have cost at least as much as the ledger"); continue; }
      rec.candidates.push({
        ...figures, simulatedNano: cost.simulatedNano, lowNano: cost.lowNano, highNano: cost.highNano, savingNano, savingPercent: percentOf(savingNano, g.baselineNano),
      });
    }
    rec.candidates.sort((a, b) => {
      if (a.savingNano !== b.savingNano) return a.savingNano > b.savingNano ? -1 : 1;
      const qa = a.qualityRetainedPercent === null ? Infinity : Number(a.qualityRetainedPercent);
      const qb = b.qualityRetainedPercent === null ? Infinity : Number(b.qualityRetainedPercent);
      if (qa !== qb) return qb - qa;
      return a.model < b.model ? -1 : 1;
    });
    recommendations.push(rec);
  }
  // The largest saving first; groups without a candidate after, by spend.
  const best = (r: Recommendation) => r.candidates[0]?.savingNano ?? -1n;
  recommendations.sort((a, b) => {
    const [x, y] = [best(a), best(b)];
    if (x !== y) return x > y ? -1 : 1;
    if (a.baselineNano !== b.baselineNano) return a.baselineNano > b.baselineNano ? -1 : 1;
    return `${a.projectId}\u0000${a.requestedModel}` < `${b.projectId}\u0000${b.requestedModel}` ? -1 : 1;
  });
  return { recommendations, belowFloor };
}
