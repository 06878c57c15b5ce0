// One scenario over one traffic profile, end to end, still pure: which rule
// decides each cell, the target of every cheapestWhere rule, what moves, the
// local burst, then cost, quality and latency from the same plan (so the
// three always describe the same re-routing). The job of the I/O slice
// loads the inputs, calls this, and stores the result.
import { chooseCheapestTarget, type CheapestChoice } from "./choose-cheapest-target";
import { divideHalfEven } from "./divide-half-even";
import { projectionGaps } from "./fold-dimensions";
import { assignRules } from "./match-scenario-rules";
import { planMoves, splitCounts, countsOf, type MovePlan } from "./plan-moves";
import { appliedRatios, repriceTokens, type RepriceContext } from "./reprice-tokens";
import { qualitySuiteOf } from "./scenario-rule-parts";
import type { Scenario } from "./scenario-schema";
import { burstLoads, simulateBurst, type BurstSimulation } from "./simulate-burst";
import { simulateCost, type CostSimulation } from "./simulate-cost";
import { simulateLatency, type LatencySimulation } from "./simulate-latency";
import { simulateQuality, type QualitySimulation } from "./simulate-quality";
import type { RatioLookup } from "./token-ratio";
import { checkTrafficProfile, type TrafficCell, type TrafficProfile } from "./traffic-profile";
import { WhatIfInputError, type LatencyTable, type QualityTable, type WhatIfCatalog } from "./whatif-inputs";

export interface ScenarioData {
  profile: TrafficProfile;
  catalog: WhatIfCatalog;
  quality: QualityTable;
  latency: LatencyTable;
  /** Measured pairs with the default table behind them (measure-token-ratios.ts tokenRatioLookup). */
  ratios: RatioLookup;
  /** Models a cheapestWhere rule may choose from (default: every cloud model in the catalog; a local model's cost is its hardware, not tokens). */
  candidates?: readonly string[];
}

export interface ScenarioOptions {
  /** Seeds the latency sampling (default 1): the same seed, the same percentiles. */
  seed?: number;
  dayOf?: (hour: Date) => string;
  latencySamples?: number;
}

export interface ResolvedTarget {
  rule: number;
  /** Null: nothing moves (no candidate qualified). */
  target: string | null;
  choice: CheapestChoice | null;
}

export interface ScenarioSimulation {
  targets: ResolvedTarget[];
  plan: Pick<MovePlan, "moves">;
  cost: CostSimulation;
  quality: QualitySimulation;
  latency: LatencySimulation;
  burst: BurstSimulation | null;
}

export function simulateScenario(scenario: Scenario, data: ScenarioData, options: ScenarioOptions = {}): ScenarioSimulation {
  const { profile, catalog } = data;
  checkTrafficProfile(profile);
  const gaps = profile.projection ? projectionGaps(profile.projection, scenario.rules.map((r) => r.match)) : [];
  if (gaps.length) throw new RangeError(`the traffic profile was loaded without what a rule of the scenario reads (${gaps.join(", ")})`);
  if (scenario.localBurst && profile.dailyCells) throw new RangeError("a local burst replays the load hour by hour: load the traffic profile by hour");
  const cells = profile.cells;
  const ctx: RepriceContext = { catalog, adjustments: scenario.adjustments, ratios: data.ratios };
  const ruleOfCell = assignRules(cells, scenario.rules.map((r) => r.match));
  const candidates = data.candidates ?? [...catalog.values()].filter((m) => !m.isLocal).map((m) => m.alias);

  const targets: ResolvedTarget[] = scenario.rules.map((rule, i) => {
    if ("model" in rule.target) return { rule: i, target: rule.target.model, choice: null };
    const choice = chooseCheapestTarget({
      criteria: rule.target.cheapestWhere,
      candidates,
      quality: data.quality,
      latency: data.latency,
      costOf: (model) => ruleCostAt(cells, ruleOfCell, i, rule.sharePercent, model, ctx),
    });
    return { rule: i, target: choice.kind === "chosen" ? choice.model : null, choice };
  });

  const plan = planMoves(cells, ruleOfCell, scenario.rules.map((r, i) => ({ sharePercent: r.sharePercent, target: targets[i]!.target })));

  let burst: BurstSimulation | null = null;
  if (scenario.localBurst) {
    const local = scenario.localBurst.localModel;
    const loads = burstLoads(cells, plan, local, (source) => appliedRatios(ctx, source, local).output.point);
    const profileOfLocal = data.latency.get(local);
    burst = simulateBurst({
      burst: scenario.localBurst,
      range: { from: new Date(scenario.range.from), to: new Date(scenario.range.to) },
      loads,
      ...(profileOfLocal ? { localLatency: profileOfLocal } : {}),
    });
  }
  const burstSplit = burst && { localModel: burst.localModel, cloudModel: burst.cloudModel, localFractionOfMove: burst.localFractionOfMove };

  return {
    targets,
    plan: { moves: plan.moves },
    cost: simulateCost({ cells, plan, ctx, ...(burst && burstSplit ? { burst: { ...burstSplit, hardwareCostNano: burst.hardwareCostNano } } : {}), ...(options.dayOf ? { dayOf: options.dayOf } : {}) }),
    quality: simulateQuality({ cells, plan, rules: scenario.rules.map((r) => ({ suiteId: qualitySuiteOf(r) })), quality: data.quality, ...(burstSplit ? { burst: burstSplit } : {}) }),
    latency: simulateLatency({
      cells, plan, profiles: data.latency, ctx, seed: options.seed ?? 1,
      ...(options.latencySamples !== undefined ? { samples: options.latencySamples } : {}),
      ...(burstSplit ? { burst: burstSplit } : {}),
    }),
    burst,
  };
}

/** What a rule's moved share would cost at one model (priced cells only, as the cost simulation counts them); null when unpriced. */
function ruleCostAt(cells: readonly TrafficCell[], ruleOfCell: Int32Array, rule: number, sharePercent: number, model: string, ctx: RepriceContext): bigint | null {
  let total = 0n;
  try {
    cells.forEach((c, i) => {
      if (ruleOfCell[i] !== rule || !c.priced) return;
      const [moved] = splitCounts(countsOf(c), BigInt(sharePercent), 100n);
      total += model === c.servedModel ? divideHalfEven(c.costNano * BigInt(sharePercent), 100n) : repriceTokens(moved, c.servedModel, model, c.hour, ctx).point;
    });
  } catch (error) {
    if (error instanceof WhatIfInputError) return null;
    throw error;
  }
  return total;
}
