// The target of a cheapestWhere rule: among the candidate models, those with
// a measured pass rate on the suite of at least minPassRate (the point
// estimate, passed / graded) and a measured p95 time to first token of at
// most maxP95TtftMs (numpy-linear over the latency samples), the one whose
// price makes the rule's moved traffic cheapest (costOf: the same exact
// re-pricing the cost simulation uses). Ties: the higher pass rate, then the
// alias. A model that is unmeasured on either is excluded, never assumed to
// qualify; when none qualifies the answer says so and why, per candidate.
import { percentile } from "@/lib/benchmarks/metrics/describe-distribution";
import type { CheapestWhere } from "./scenario-schema";
import type { LatencyTable, QualityTable } from "./whatif-inputs";

export type CandidateExclusion = "unmeasured-quality" | "below-pass-rate" | "unmeasured-latency" | "over-p95-ttft" | "no-price";

export interface CandidateReport {
  model: string;
  passRate: number | null;
  graded: number;
  p95TtftMs: number | null;
  /** The rule's moved traffic priced at this model; null when not priced (or not reached). */
  costNano: bigint | null;
  excluded: CandidateExclusion | null;
}

export type CheapestChoice =
  | { kind: "chosen"; model: string; costNano: bigint; passRate: number; p95TtftMs: number; candidates: CandidateReport[] }
  | { kind: "no-candidate"; reason: string; candidates: CandidateReport[] };

export interface CheapestInput {
  criteria: CheapestWhere;
  candidates: readonly string[];
  quality: QualityTable;
  latency: LatencyTable;
  /** The rule's moved traffic at this model's prices; null when the model has no price in effect for it. */
  costOf: (model: string) => bigint | null;
}

export function p95TtftOf(latency: LatencyTable, model: string): number | null {
  const samples = latency.get(model)?.ttftMs.filter((v) => Number.isFinite(v) && v >= 0);
  if (!samples?.length) return null;
  return percentile(Float64Array.from(samples).sort(), 95);
}

export function chooseCheapestTarget(input: CheapestInput): CheapestChoice {
  const { criteria, quality, latency } = input;
  const suite = quality.get(criteria.suiteId);
  const reports: CandidateReport[] = [...new Set(input.candidates)].sort().map((model) => {
    const measured = suite?.get(model);
    const graded = measured?.graded ?? 0;
    const passRate = measured && graded > 0 ? measured.passed / graded : null;
    const p95TtftMs = p95TtftOf(latency, model);
    const report: CandidateReport = { model, passRate, graded, p95TtftMs, costNano: null, excluded: null };
    if (passRate === null) report.excluded = "unmeasured-quality";
    else if (passRate < criteria.minPassRate) report.excluded = "below-pass-rate";
    else if (p95TtftMs === null) report.excluded = "unmeasured-latency";
    else if (p95TtftMs > criteria.maxP95TtftMs) report.excluded = "over-p95-ttft";
    else {
      report.costNano = input.costOf(model);
      if (report.costNano === null) report.excluded = "no-price";
    }
    return report;
  });

  const qualified = reports.filter((r) => r.excluded === null);
  if (!qualified.length) return { kind: "no-candidate", reason: explain(criteria, reports), candidates: reports };
  const best = qualified.reduce((a, b) => {
    if (a.costNano! !== b.costNano!) return a.costNano! < b.costNano! ? a : b;
    if (a.passRate! !== b.passRate!) return a.passRate! > b.passRate! ? a : b;
    return a.model <= b.model ? a : b;
  });
  return { kind: "chosen", model: best.model, costNano: best.costNano!, passRate: best.passRate!, p95TtftMs: best.p95TtftMs!, candidates: reports };
}

function explain(criteria: CheapestWhere, reports: CandidateReport[]): string {
  const want = `a measured pass rate of at least ${criteria.minPassRate} on suite ${criteria.suiteId}, a measured p95 TTFT of at most ${criteria.maxP95TtftMs} ms and a price`;
  if (!reports.length) return `no candidate: there are no models to consider (wanted ${want})`;
  const counts = new Map<string, number>();
  for (const r of reports) counts.set(r.excluded!, (counts.get(r.excluded!) ?? 0) + 1);
  const why = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  return `no candidate: none of ${reports.length} models has ${want} (${why})`;
}
