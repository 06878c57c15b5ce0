// Which models a scenario result's SCOPE comparison puts side by side, per
// rule: the models that served the traffic the rule moved (the largest by
// moved ledger cost first, at most MAX_SOURCES) and where it moved it (the
// rule's target; with a local burst on that target, its cloud spill too).
// Also the largest input a rule's comparison is read against: the highest
// input-size band among the moved traffic's serving models (bands per model
// come from the traffic rollup, since the scenario's own cells may have the
// band folded away; fold-dimensions.ts).
import type { CellMove } from "./plan-moves";
import type { LocalBurst } from "./scenario-schema";
import { largestOfBands, type LargestInput } from "./scope-comparison";
import type { TrafficCell } from "./traffic-profile";

export const MAX_SOURCES = 3;

export interface RuleScopeModels {
  rule: number;
  /** Serving models of the moved traffic, largest moved ledger cost first. */
  sources: string[];
  /** The rule's target, then the burst's cloud model when the target is the burst's local model. */
  targets: string[];
}

export function scenarioScopeModels(
  moves: readonly CellMove[],
  cells: readonly TrafficCell[],
  localBurst: Pick<LocalBurst, "localModel" | "cloudModel"> | null | undefined,
): RuleScopeModels[] {
  const byRule = new Map<number, { costs: Map<string, bigint>; target: string }>();
  for (const m of moves) {
    const entry = byRule.get(m.rule) ?? { costs: new Map<string, bigint>(), target: m.target };
    const source = cells[m.cell]!.servedModel;
    entry.costs.set(source, (entry.costs.get(source) ?? 0n) + m.movedBaselineNano);
    byRule.set(m.rule, entry);
  }
  return [...byRule]
    .sort(([a], [b]) => a - b)
    .map(([rule, { costs, target }]) => {
      const sources = [...costs]
        .sort(([am, ac], [bm, bc]) => (ac === bc ? (am < bm ? -1 : 1) : ac > bc ? -1 : 1))
        .slice(0, MAX_SOURCES)
        .map(([model]) => model)
        .filter((model) => model !== target);
      const targets = localBurst && target === localBurst.localModel ? [target, localBurst.cloudModel] : [target];
      return { rule, sources, targets };
    });
}

/** The largest input among some serving models' traffic, from each model's input-size bands (null when none is known). */
export function largestInputOf(models: readonly string[], bandsByModel: ReadonlyMap<string, readonly string[]>): LargestInput | null {
  return largestOfBands(models.flatMap((m) => bandsByModel.get(m) ?? []));
}
