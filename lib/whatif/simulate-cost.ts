// What the scenario's traffic would have cost, against what it did cost.
//
// Design note.
// - Why aggregated cells. Every rule condition (project, key, tags, requested
//   model, tier, endpoint, input-size band) is a dimension of a traffic cell
//   (traffic-profile.ts), and pricing is linear in tokens, so a cell can be
//   re-priced whole: a 90-day scenario reads thousands of cells from an
//   hourly GROUP BY instead of replaying millions of rows.
// - Baseline. The ledger, exactly: the sum of each cell's stored cost (the
//   per-request costs lib/pricing/price-request.ts rounded). Unpriced cells
//   are left out of both sides and counted; never $0.
// - Rounding. Counts split by a share, or scaled by a token ratio, are
//   rounded to whole units half to even (plan-moves.ts, token-ratio.ts).
//   The moved part of a cell is then priced exactly as the ledger prices one
//   request (priceRequestNano: exact integers, one rounding to nano-dollars,
//   half to even) at the target's price version in effect at the cell's hour.
//   The part that stays keeps its ledger cost (the cell's cost minus the
//   moved share's, split half to even), and a cell whose target is the model
//   that served it moves nothing, so the identity scenario is the ledger to
//   the nano-dollar. Every total and breakdown is a plain sum of these
//   per-cell integers, so breakdowns add up to the total exactly.
//   Pricing a cell's summed tokens once differs from pricing each request
//   and summing by at most half a nano-dollar per request of the moved part.
// - Band. Each token ratio has a low and a high (its measured spread, or the
//   default table's). The low (high) cost prices every moved part with every
//   ratio at its low (high); prices only grow with tokens, so
//   low <= simulated <= high. The staying part and hardware hours have no
//   spread.
// - Local burst. The locally served part of a move costs no tokens (the
//   machine's hours are paid instead, once, in totals.hardwareNano and the
//   local model's byTargetModel row); the spilled part is re-priced at the
//   cloud model. Hardware is in no other breakdown (a machine's hours are no
//   one project's), so totals = sum of byRule + hardware. A local target
//   outside a burst block is priced by its price book like any other
//   (zero, or the effective hardware price an admin adopted).
import type { MovePlan, TokenCounts } from "./plan-moves";
import { splitBySpill } from "./simulate-burst";
import { repriceTokens, type RepriceContext } from "./reprice-tokens";
import type { TokenRatios } from "./token-ratio";
import type { TrafficCell } from "./traffic-profile";

export interface CostBurst {
  localModel: string;
  cloudModel: string;
  localFractionOfMove: ReadonlyMap<number, number>;
  hardwareCostNano: bigint;
}

export interface CostInput {
  cells: readonly TrafficCell[];
  plan: MovePlan;
  ctx: RepriceContext;
  burst?: CostBurst;
  /** The day a cell's hour counts under (default: its UTC date, YYYY-MM-DD). */
  dayOf?: (hour: Date) => string;
}

export interface CostFigures {
  requests: number;
  /** Requests moved to a different model (whole requests, as the shares round). */
  movedRequests: number;
  baselineNano: bigint;
  simulatedNano: bigint;
  lowNano: bigint;
  highNano: bigint;
}

export type CostRow<K> = { key: K } & CostFigures;

export interface TargetSpend {
  model: string;
  requests: number;
  simulatedNano: bigint;
  lowNano: bigint;
  highNano: bigint;
}

export interface UsedPriceVersion {
  model: string;
  priceVersionId: string;
  effectiveFrom: Date;
}

export interface UsedRatios {
  source: string;
  target: string;
  ratios: TokenRatios;
  carriedCache: boolean;
  movedRequests: number;
}

export interface CostSimulation {
  totals: CostFigures & { hardwareNano: bigint; unpricedCells: number; unpricedRequests: number };
  /** key: rule index, or null for traffic no rule matched. */
  byRule: CostRow<number | null>[];
  byProject: CostRow<string>[];
  /** key: the model that served (the source). */
  byModel: CostRow<string>[];
  /** key: the ledger's tier, or null. */
  byTier: CostRow<string | null>[];
  byDay: CostRow<string>[];
  /** Simulated spend by the model that would serve it (the local model's row includes its hardware). */
  byTargetModel: TargetSpend[];
  priceVersions: UsedPriceVersion[];
  ratios: UsedRatios[];
}

const utcDay = (hour: Date) => hour.toISOString().slice(0, 10);
const zero = (): CostFigures => ({ requests: 0, movedRequests: 0, baselineNano: 0n, simulatedNano: 0n, lowNano: 0n, highNano: 0n });

class Rows<K> {
  private readonly rows = new Map<K, CostFigures>();
  add(key: K, f: CostFigures) {
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = zero()));
    addInto(row, f);
  }
  list(order: (a: K, b: K) => number): CostRow<K>[] {
    return [...this.rows].sort(([a], [b]) => order(a, b)).map(([key, f]) => ({ key, ...f }));
  }
}

function addInto(into: CostFigures, f: CostFigures) {
  into.requests += f.requests;
  into.movedRequests += f.movedRequests;
  into.baselineNano += f.baselineNano;
  into.simulatedNano += f.simulatedNano;
  into.lowNano += f.lowNano;
  into.highNano += f.highNano;
}

const byText = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
const byIndex = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);

export function simulateCost(input: CostInput): CostSimulation {
  const { cells, plan, ctx, burst } = input;
  const dayOf = input.dayOf ?? utcDay;
  const totals = { ...zero(), hardwareNano: burst?.hardwareCostNano ?? 0n, unpricedCells: 0, unpricedRequests: 0 };
  const byRule = new Rows<number | null>(), byProject = new Rows<string>(), byModel = new Rows<string>(), byTier = new Rows<string | null>(), byDay = new Rows<string>();
  const targets = new Map<string, TargetSpend>();
  const versions = new Map<string, UsedPriceVersion>();
  const ratios = new Map<string, UsedRatios>();

  const spend = (model: string, requests: number, point: bigint, low: bigint, high: bigint) => {
    let t = targets.get(model);
    if (!t) targets.set(model, (t = { model, requests: 0, simulatedNano: 0n, lowNano: 0n, highNano: 0n }));
    t.requests += requests;
    t.simulatedNano += point;
    t.lowNano += low;
    t.highNano += high;
  };
  const reprice = (counts: TokenCounts, source: string, target: string, hour: Date) => {
    const r = repriceTokens(counts, source, target, hour, ctx);
    versions.set(r.priceVersion.id, { model: target, priceVersionId: r.priceVersion.id, effectiveFrom: r.priceVersion.effectiveFrom });
    const key = `${source}\u0000${target}`;
    const used = ratios.get(key);
    if (used) used.movedRequests += counts.requests;
    else ratios.set(key, { source, target, ratios: r.ratios, carriedCache: r.carriedCache, movedRequests: counts.requests });
    spend(target, counts.requests, r.point, r.low, r.high);
    return r;
  };

  cells.forEach((c, i) => {
    if (!c.priced) {
      totals.unpricedCells++;
      totals.unpricedRequests += c.requests;
      return;
    }
    const f: CostFigures = { requests: c.requests, movedRequests: 0, baselineNano: c.costNano, simulatedNano: c.costNano, lowNano: c.costNano, highNano: c.costNano };
    const m = plan.moveOfCell[i]!;
    const move = m >= 0 ? plan.moves[m]! : undefined;
    if (!move) {
      spend(c.servedModel, c.requests, c.costNano, c.costNano, c.costNano);
    } else {
      const stay = c.costNano - move.movedBaselineNano;
      if (c.requests > move.moved.requests || stay > 0n) spend(c.servedModel, c.requests - move.moved.requests, stay, stay, stay);
      let point = 0n, low = 0n, high = 0n;
      const parts: [TokenCounts, string][] = [];
      if (burst && move.target === burst.localModel) {
        const [local, spilled] = splitBySpill(move.moved, burst.localFractionOfMove.get(m) ?? 1);
        spend(burst.localModel, local.requests, 0n, 0n, 0n);
        if (spilled.requests > 0 || spilled.inputTokens > 0 || spilled.outputTokens > 0) parts.push([spilled, burst.cloudModel]);
      } else {
        parts.push([move.moved, move.target]);
      }
      for (const [counts, target] of parts) {
        const r = reprice(counts, c.servedModel, target, c.hour);
        point += r.point;
        low += r.low;
        high += r.high;
      }
      f.movedRequests = move.moved.requests;
      f.simulatedNano = stay + point;
      f.lowNano = stay + low;
      f.highNano = stay + high;
    }
    addInto(totals, f);
    const rule = plan.ruleOfCell[i]!;
    byRule.add(rule >= 0 ? rule : null, f);
    byProject.add(c.projectId, f);
    byModel.add(c.servedModel, f);
    byTier.add(c.tier, f);
    byDay.add(dayOf(c.hour), f);
  });

  if (burst) spend(burst.localModel, 0, burst.hardwareCostNano, burst.hardwareCostNano, burst.hardwareCostNano);
  totals.simulatedNano += totals.hardwareNano;
  totals.lowNano += totals.hardwareNano;
  totals.highNano += totals.hardwareNano;

  return {
    totals,
    byRule: byRule.list(byIndex),
    byProject: byProject.list(byText),
    byModel: byModel.list(byText),
    byTier: byTier.list(byText),
    byDay: byDay.list(byText),
    byTargetModel: [...targets.values()].sort((a, b) => byText(a.model, b.model)),
    priceVersions: [...versions.values()].sort((a, b) => byText(a.model, b.model) || a.effectiveFrom.getTime() - b.effectiveFrom.getTime()),
    ratios: [...ratios.values()].sort((a, b) => byText(a.source, b.source) || byText(a.target, b.target)),
  };
}
