// Scenarios side by side (the What-if compare page): one column per
// scenario's latest succeeded result, one row per measure, the best value of
// a row marked where "best" means something (largest saving, highest pass
// rate after, lowest p95 after). Unmeasured is never best and never equal.
// Money stays exact strings; the page formats it. Pure.
import Decimal from "decimal.js";
import type { SimulationDetails } from "../io/describe-simulation";
import { latencyView, qualityView, savingOf, type ResultNumbers, resultNumbers } from "./read-scenario-result";

export interface ComparedResult {
  name: string;
  href: string;
  range: string;
  rules: number;
  baselineCostUsd: string;
  simulatedCostUsd: string;
  simulatedLowCostUsd: string;
  simulatedHighCostUsd: string;
  details: SimulationDetails;
}

export type CompareCell = { kind: "usd"; usd: string } | { kind: "band"; low: string; high: string } | { kind: "text"; text: string } | { kind: "unmeasured"; text: string };

export interface CompareRow {
  measure: string;
  cells: CompareCell[];
  /** Column of the best value, or null (no order applies, a tie, or fewer than two comparable values). */
  best: number | null;
}

/** The index of the one largest (or smallest) value; null on a tie or with fewer than two values. */
function bestOf(values: (Decimal | null)[], direction: "max" | "min"): number | null {
  const present = values.map((v, i) => [v, i] as const).filter((x): x is readonly [Decimal, number] => x[0] !== null);
  if (present.length < 2) return null;
  const sorted = [...present].sort((a, b) => (direction === "max" ? b[0].comparedTo(a[0]) : a[0].comparedTo(b[0])));
  return sorted[0]![0].eq(sorted[1]![0]) ? null : sorted[0]![1];
}

export function compareScenarios(results: readonly ComparedResult[]): CompareRow[] {
  const numbers: ResultNumbers[] = results.map((r) => resultNumbers(r.details));
  const savings = results.map((r) => savingOf(r.baselineCostUsd, r.simulatedCostUsd));
  const quality = results.map((r) => qualityView(r.details.quality.overall));
  const latency = results.map((r) => latencyView(r.details.latency.overall));
  const burst = results.map((r) => r.details.burst);
  const rows: CompareRow[] = [
    { measure: "Traffic range", cells: results.map((r) => ({ kind: "text", text: r.range })), best: null },
    { measure: "Rules", cells: results.map((r) => ({ kind: "text", text: String(r.rules) })), best: null },
    { measure: "Requests priced", cells: numbers.map((n) => ({ kind: "text", text: n.requests.toLocaleString("en-US") })), best: null },
    { measure: "Requests moved", cells: numbers.map((n) => ({ kind: "text", text: n.movedRequests.toLocaleString("en-US") })), best: null },
    { measure: "Baseline cost", cells: results.map((r) => ({ kind: "usd", usd: r.baselineCostUsd })), best: null },
    { measure: "Simulated cost", cells: results.map((r) => ({ kind: "usd", usd: r.simulatedCostUsd })), best: null },
    { measure: "Simulated band", cells: results.map((r) => ({ kind: "band", low: r.simulatedLowCostUsd, high: r.simulatedHighCostUsd })), best: null },
    { measure: "Saving", cells: savings.map((s) => ({ kind: "usd", usd: s.usd })), best: null },
    // Ranges differ between scenarios, so the saving is compared as a share of each one's own baseline.
    { measure: "Saving % of baseline", cells: savings.map((s) => (s.percent === null ? { kind: "unmeasured", text: "no baseline" } : { kind: "text", text: `${s.percent}%` })), best: bestOf(savings.map((s) => (s.percent === null ? null : new Decimal(s.percent))), "max") },
    {
      measure: "Quality (pass rate) after",
      cells: quality.map((q) => (q.kind === "measured" ? { kind: "text", text: `${q.before} → ${q.after}` } : q.kind === "unmeasured" ? { kind: "unmeasured", text: "unmeasured" } : { kind: "text", text: "unchanged" })),
      best: bestOf(quality.map((q) => (q.kind === "measured" ? new Decimal(q.after.replace("%", "")) : null)), "max"),
    },
    {
      measure: "Quality retained",
      cells: quality.map((q) => (q.kind === "measured" && q.retained ? { kind: "text", text: q.retained } : q.kind === "unchanged" ? { kind: "text", text: "100.0%" } : { kind: "unmeasured", text: "unmeasured" })),
      best: null,
    },
    {
      measure: "p95 latency after",
      cells: latency.map((l) => (l.after === null ? { kind: "unmeasured", text: "unmeasured" } : { kind: "text", text: `${l.after.toLocaleString("en-US")} ms${l.before === null ? "" : ` (before ${l.before.toLocaleString("en-US")} ms)`}` })),
      best: bestOf(latency.map((l) => (l.after === null ? null : new Decimal(l.after))), "min"),
    },
    {
      measure: "Local burst: share spilled",
      cells: burst.map((b) => (!b ? { kind: "text", text: "no local target" } : b.spilledShare === null ? { kind: "unmeasured", text: "no local load" } : { kind: "text", text: `${(b.spilledShare * 100).toFixed(1)}% to ${b.cloudModel}` })),
      best: null,
    },
  ];
  return rows;
}
