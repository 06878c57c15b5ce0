// What the scenario page shows from a stored result: the saving in dollars
// and percent (exact decimals, never a float), quality and latency before
// and after (an unmeasured side says so: never shown as equal), one row per
// rule, the token ratios applied with where each came from, the burst per
// hour, and what could not be re-routed. Money stays as exact 9-decimal USD
// strings here; the page formats them by the one money rule
// (lib/format/format-usd.ts). Pure: the page and its tests call it.
import Decimal from "decimal.js";
import { dayAxis } from "@/lib/dashboard/day-axis";
import { nanoToUsd } from "@/lib/money/nano-usd";
import { localDayOf } from "../io/local-day";
import type { SimulationDetails } from "../io/describe-simulation";
import type { Scenario } from "../scenario-schema";

const usd = (nano: string | null | undefined): string | null => (nano === null || nano === undefined ? null : nanoToUsd(BigInt(nano)));

export interface Saving {
  /** baseline - simulated, exact USD (negative: the scenario costs more). */
  usd: string;
  /** One decimal, half to even; null when the baseline is zero (a percentage of nothing). */
  percent: string | null;
}

export function savingOf(baselineUsd: string, simulatedUsd: string): Saving {
  const base = new Decimal(baselineUsd), sim = new Decimal(simulatedUsd);
  const diff = base.minus(sim);
  return { usd: diff.toFixed(9), percent: base.isZero() ? null : diff.div(base).times(100).toFixed(1, Decimal.ROUND_HALF_EVEN) };
}

/** A pass rate 0..1 as "87.5%". */
export const percentText = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export type QualityView =
  | { kind: "unchanged"; text: string }
  | { kind: "measured"; before: string; after: string; retained: string | null; text: string }
  | { kind: "unmeasured"; text: string };

type Overall = SimulationDetails["quality"]["overall"];
type RuleQ = SimulationDetails["quality"]["byRule"][number];

export function qualityView(q: Overall | RuleQ | undefined): QualityView {
  if (!q || q.status === "unchanged") return { kind: "unchanged", text: "unchanged (nothing moves to another model)" };
  if (q.status === "unmeasured") {
    const models = "unmeasuredModels" in q && q.unmeasuredModels.length ? `: no benchmark results for ${q.unmeasuredModels.join(", ")}` : "reason" in q && q.reason === "no-suite" ? ": the rule names no benchmark suite" : "";
    return { kind: "unmeasured", text: `unmeasured${models}` };
  }
  const before = percentText(q.before.passRate), after = percentText(q.after.passRate);
  const retained = q.retained === null ? null : percentText(q.retained);
  return { kind: "measured", before, after, retained, text: `${before} → ${after}${retained ? ` (${retained} retained)` : ""}` };
}

export interface LatencyView {
  before: number | null;
  after: number | null;
  /** after - before, whole ms; null when either side is unmeasured. */
  delta: number | null;
  text: string;
}

export function latencyView(l: { before: { p95Ms: number } | null; after: { p95Ms: number } | null; unmeasuredModels?: string[] } | undefined): LatencyView {
  const before = l?.before ? Math.round(l.before.p95Ms) : null;
  const after = l?.after ? Math.round(l.after.p95Ms) : null;
  const ms = (n: number | null) => (n === null ? "unmeasured" : `${n.toLocaleString("en-US")} ms`);
  const delta = before !== null && after !== null ? after - before : null;
  return { before, after, delta, text: `${ms(before)} → ${ms(after)}` };
}

const EXCLUSION_TEXT: Record<string, string> = {
  "unmeasured-quality": "no pass rate on the suite",
  "below-pass-rate": "pass rate below the minimum",
  "unmeasured-latency": "no measured TTFT",
  "over-p95-ttft": "p95 TTFT over the limit",
  "no-price": "no price",
};

export interface RuleRow {
  rule: number;
  label: string;
  sharePercent: number;
  requests: number;
  movedRequests: number;
  baselineUsd: string | null;
  simulatedUsd: string | null;
  target: string;
  why: string;
  quality: QualityView;
  latency: LatencyView;
}

/** One row per rule of the scenario, in order, then the traffic no rule matched (when there is some). */
export function ruleRows(details: SimulationDetails, scenario: Scenario): RuleRow[] {
  const cost = new Map(details.cost.byRule.map((r) => [r.key, r]));
  const quality = new Map(details.quality.byRule.map((r) => [r.rule, r]));
  const latency = new Map(details.latency.byRule.map((r) => [r.rule, r]));
  const rows: RuleRow[] = scenario.rules.map((rule, i) => {
    const c = cost.get(i);
    const resolved = details.targets.find((t) => t.rule === i);
    const choice = resolved?.choice ?? null;
    let why = "named in the rule";
    if (choice?.kind === "chosen") {
      const w = "cheapestWhere" in rule.target ? rule.target.cheapestWhere : null;
      why = `cheapest of ${choice.candidates.length} candidates with pass rate ${percentText(choice.passRate)}${w ? ` ≥ ${percentText(w.minPassRate)}` : ""} and p95 TTFT ${Math.round(choice.p95TtftMs)} ms${w ? ` ≤ ${w.maxP95TtftMs} ms` : ""}`;
    } else if (choice?.kind === "no-candidate") {
      const excluded = choice.candidates.filter((x) => x.excluded).slice(0, 4).map((x) => `${x.model}: ${EXCLUSION_TEXT[x.excluded!] ?? x.excluded}`);
      why = `no candidate qualified (${choice.reason})${excluded.length ? `; ${excluded.join("; ")}` : ""}`;
    }
    return {
      rule: i,
      label: rule.name ?? `Rule ${i + 1}`,
      sharePercent: rule.sharePercent,
      requests: c?.requests ?? 0,
      movedRequests: c?.movedRequests ?? 0,
      baselineUsd: usd(c?.baselineNano) ?? "0.000000000",
      simulatedUsd: usd(c?.simulatedNano) ?? "0.000000000",
      target: resolved?.target ?? "nothing moves",
      why,
      quality: qualityView(quality.get(i)),
      latency: latencyView(latency.get(i)),
    };
  });
  const rest = cost.get(null);
  if (rest && rest.requests > 0) {
    rows.push({
      rule: -1, label: "No rule matched", sharePercent: 0, requests: rest.requests, movedRequests: 0, baselineUsd: usd(rest.baselineNano), simulatedUsd: usd(rest.simulatedNano),
      target: "stays", why: "no rule matched this traffic", quality: qualityView(undefined), latency: latencyView(undefined),
    });
  }
  return rows;
}

type Provenance = SimulationDetails["cost"]["ratios"][number]["ratios"]["inputSource"];

export function provenanceText(p: Provenance, suiteNames: ReadonlyMap<string, string> = new Map()): string {
  if (p.kind === "identity") return "same model";
  if (p.kind === "measured") return `measured on suite ${suiteNames.get(p.suiteId) ?? p.suiteId} (${p.cases} cases)`;
  return `default ${p.sourceFamily} → ${p.targetFamily} family ratio`;
}

export interface RatioRow {
  pair: string;
  input: string;
  inputSource: string;
  output: string;
  outputSource: string;
  carriedCache: boolean;
  movedRequests: number;
}

const ratioText = (r: { point: string; low: string; high: string }) => (r.low === r.high ? r.point : `${r.point} (${r.low}–${r.high})`);

export function ratioRows(details: SimulationDetails, suiteNames: ReadonlyMap<string, string> = new Map()): RatioRow[] {
  return details.cost.ratios.map((r) => ({
    pair: `${r.source} → ${r.target}`,
    input: ratioText(r.ratios.input),
    inputSource: provenanceText(r.ratios.inputSource, suiteNames),
    output: ratioText(r.ratios.output),
    outputSource: provenanceText(r.ratios.outputSource, suiteNames),
    carriedCache: r.carriedCache,
    movedRequests: r.movedRequests,
  }));
}

export interface BurstHourPoint {
  hour: string;
  label: string;
  local: number;
  spilled: number;
}

/** Requests per hour served locally and spilled to the cloud, for the chart (hours with local load only). */
export function burstHourPoints(burst: NonNullable<SimulationDetails["burst"]>): BurstHourPoint[] {
  return burst.hours.map((h) => ({
    hour: h.hour,
    label: h.hour.slice(5, 13).replace("T", " ") + "h",
    local: Math.max(0, Math.round((h.requests - h.spilledRequests) * 100) / 100),
    spilled: Math.round(h.spilledRequests * 100) / 100,
  }));
}

export interface ResultNumbers {
  hardwareUsd: string;
  unpricedRequests: number;
  requests: number;
  movedRequests: number;
}

export function resultNumbers(details: SimulationDetails): ResultNumbers {
  const t = details.cost.totals;
  return { hardwareUsd: usd(t.hardwareNano) ?? "0.000000000", unpricedRequests: t.unpricedRequests, requests: t.requests, movedRequests: t.movedRequests };
}

/** A stored quality delta (pass rate after minus before, 4 decimals) as percentage points; null is unmeasured, never "no change". */
export function qualityDeltaText(delta: string | null): string {
  if (delta === null) return "unmeasured";
  const points = new Decimal(delta).times(100);
  if (points.isZero()) return "unchanged";
  return `${points.gt(0) ? "+" : ""}${points.toFixed(1, Decimal.ROUND_HALF_EVEN)} pts`;
}

/** A p95 latency delta in whole ms; null is unmeasured. */
export function latencyDeltaText(deltaMs: number | null): string {
  if (deltaMs === null) return "unmeasured";
  return `${deltaMs > 0 ? "+" : ""}${deltaMs.toLocaleString("en-US")} ms`;
}

/** The saving as a share of the baseline (0..1, 6 decimals, for a percent column); null when the baseline is zero. */
export function savingShare(baselineUsd: string, simulatedUsd: string): string | null {
  const base = new Decimal(baselineUsd);
  return base.isZero() ? null : base.minus(simulatedUsd).div(base).toFixed(6, Decimal.ROUND_HALF_EVEN);
}

/** A result status as a badge variant: succeeded ok, failed danger, queued or running primary, never run neutral. */
export function statusVariant(status: string): "ok" | "danger" | "primary" | "neutral" {
  return status === "succeeded" ? "ok" : status === "failed" ? "danger" : status === "none" ? "neutral" : "primary";
}

export interface DailyCostPoint {
  day: string;
  label: string;
  /** Chart coordinates only (the figures shown as text stay exact strings). */
  baseline: number;
  simulated: number;
  /** The simulated band, [low, high], for the chart's shaded area. */
  band: [number, number];
  baselineUsd: string;
  simulatedUsd: string;
}

/**
 * Baseline against simulated cost per org-local day, over every day of the
 * result's traffic range (a day without traffic is 0 on both sides, so one
 * day of data is not drawn across the whole chart).
 */
export function dailyCostPoints(details: SimulationDetails, timezone: string): DailyCostPoint[] {
  const dayOf = localDayOf(timezone);
  const from = dayOf(new Date(details.traffic.from));
  // `to` is exclusive: its last day is the one its last millisecond falls in.
  const to = dayOf(new Date(Date.parse(details.traffic.to) - 1));
  const byDay = new Map(details.cost.byDay.map((d) => [d.key, d]));
  return (from <= to ? dayAxis(from, to) : []).map((day) => {
    const row = byDay.get(day);
    const baselineUsd = usd(row?.baselineNano) ?? "0.000000000";
    const simulatedUsd = usd(row?.simulatedNano) ?? "0.000000000";
    return {
      day, label: day.slice(5), baselineUsd, simulatedUsd,
      baseline: Number(baselineUsd), simulated: Number(simulatedUsd),
      band: [Number(usd(row?.lowNano) ?? 0), Number(usd(row?.highNano) ?? 0)],
    };
  });
}

// A type, not an interface, so it is a table Row (Record<string, CellValue>).
export type BreakdownRow = {
  id: string;
  name: string;
  requests: number;
  moved: number;
  before: string;
  after: string;
  saving: string;
  /** The saving as a share of this row's baseline (0..1, 6 decimals); null when the baseline is 0. */
  savingShare: string | null;
};

/** One breakdown of the cost (by project, source model or tier) as table rows, largest baseline first; `nameOf` names a key (a project id, say). */
export function breakdownRows(rows: readonly { key: string | null; requests: number; movedRequests: number; baselineNano: string; simulatedNano: string }[], nameOf: (key: string | null) => string = (k) => k ?? "unknown"): BreakdownRow[] {
  return [...rows]
    .sort((a, b) => (BigInt(b.baselineNano) > BigInt(a.baselineNano) ? 1 : BigInt(b.baselineNano) < BigInt(a.baselineNano) ? -1 : 0))
    .map((r) => {
      const before = nanoToUsd(BigInt(r.baselineNano)), after = nanoToUsd(BigInt(r.simulatedNano));
      return {
        id: r.key ?? "", name: nameOf(r.key), requests: r.requests, moved: r.movedRequests, before, after,
        saving: nanoToUsd(BigInt(r.baselineNano) - BigInt(r.simulatedNano)), savingShare: savingShare(before, after),
      };
    });
}
