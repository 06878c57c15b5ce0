// A finished simulation as the scenario_result row stores it: the headline
// columns (exact USD decimals from the nano-dollar totals; the quality and
// latency deltas) and `details`, the whole result as plain JSON: bigints
// (nano-dollars) as decimal strings of integers, dates as ISO strings, maps
// as objects. The per-cell move list and the burst's per-move fractions are
// the simulator's working state (one entry per moved cell): they are
// counted, not stored.
import { nanoToUsd } from "@/lib/money/nano-usd";
import type { ScenarioSimulation } from "../simulate-scenario";
import type { BurstSimulation } from "../simulate-burst";
import type { LargestInput, ScopeRow } from "../scope-comparison";
import type { NotRerouted } from "./traffic-cells-from-rows";

export const DETAILS_VERSION = 1;

export interface ResultHeadline {
  baselineCostUsd: string;
  simulatedCostUsd: string;
  simulatedLowCostUsd: string;
  simulatedHighCostUsd: string;
  /** Pass rate after minus before, 4 decimals; "0" when nothing changed model; null when unmeasured. */
  qualityDelta: string | null;
  /** p95 after minus before, whole ms; null when either side is unmeasured. */
  latencyDeltaMs: number | null;
}

export function resultHeadline(sim: ScenarioSimulation): ResultHeadline {
  const { totals } = sim.cost;
  const q = sim.quality.overall;
  const { before, after } = sim.latency.overall;
  return {
    baselineCostUsd: nanoToUsd(totals.baselineNano),
    simulatedCostUsd: nanoToUsd(totals.simulatedNano),
    simulatedLowCostUsd: nanoToUsd(totals.lowNano),
    simulatedHighCostUsd: nanoToUsd(totals.highNano),
    qualityDelta: q.status === "unchanged" ? "0" : q.status === "measured" ? (q.after.passRate - q.before.passRate).toFixed(4) : null,
    latencyDeltaMs: before && after ? Math.round(after.p95Ms - before.p95Ms) : null,
  };
}

/** JSON-safe copy: bigint -> decimal string, Map -> object, typed array -> array, Date -> ISO string. */
export function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Map) return Object.fromEntries(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    return v;
  });
  return text === undefined ? null : JSON.parse(text);
}

export interface DetailsContext {
  traffic: { from: Date; to: Date; cells: number; groups: number; notRerouted: NotRerouted };
  inputs: { runs: readonly { runId: string; suiteId: string; model: string }[]; ratioPairs: readonly { sourceModel: string; targetModel: string; suiteId: string }[] };
  seed: number;
  /** Per rule that moved traffic: its SCOPE comparison (scenario-scope.ts). */
  scope: readonly RuleScope[];
}

export interface RuleScope {
  rule: number;
  sources: string[];
  targets: string[];
  largestInput: LargestInput | null;
  rows: ScopeRow[];
}

/** A value's type once through toJsonValue (what a reader of `details` gets back). */
export type Jsonified<T> = T extends bigint | Date
  ? string
  : T extends ReadonlyMap<unknown, infer V>
    ? Record<string, Jsonified<V>>
    : T extends ArrayBufferView
      ? number[]
      : T extends readonly (infer U)[]
        ? Jsonified<U>[]
        : T extends object
          ? { [K in keyof T]: Jsonified<T[K]> }
          : T;

export type SimulationDetails = Jsonified<{
  version: number;
  traffic: DetailsContext["traffic"];
  inputs: DetailsContext["inputs"] & { seed: number };
  targets: ScenarioSimulation["targets"];
  movedCells: number;
  cost: ScenarioSimulation["cost"];
  quality: ScenarioSimulation["quality"];
  latency: ScenarioSimulation["latency"];
  burst: Omit<BurstSimulation, "localFractionOfMove"> | null;
  /** Absent in results computed before it was stored. */
  scope?: DetailsContext["scope"];
}>;

export function simulationDetails(sim: ScenarioSimulation, context: DetailsContext): SimulationDetails {
  const burst = sim.burst && (({ localFractionOfMove: _working, ...rest }) => rest)(sim.burst);
  return toJsonValue({
    version: DETAILS_VERSION,
    traffic: context.traffic,
    inputs: { ...context.inputs, seed: context.seed },
    targets: sim.targets,
    movedCells: sim.plan.moves.length,
    cost: sim.cost,
    quality: sim.quality,
    latency: sim.latency,
    burst,
    scope: context.scope,
  }) as SimulationDetails;
}
