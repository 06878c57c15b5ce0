// Latency before and after, simulated per request the way the GPT-5.4 mini
// note estimates it offline: from measured time to first token and
// generation speed, and the request's output tokens.
//   latency = TTFT (a draw from the model's measured TTFT samples)
//           + output tokens x 1000 / tokens per second (a draw from its
//             measured per-request tokens/s)
// Output tokens per request are the cell's mean, scaled by the output-length
// ratio for a target (token-ratio.ts, point estimate).
// Requests are sampled in proportion to the cells' requests (systematic
// sampling with a seeded offset, lib/random/seeded-random.ts), so the same
// seed gives the same percentiles. Each sampled request is paired: its
// "before" is the served model's simulated latency (or, for a model without
// a latency profile, the cell's observed mean latency from the ledger), and
// its "after" is the same number when it stays, or the target's simulated
// latency when its share moved. A target without a latency profile makes
// the "after" unmeasured (named), never equal. Percentiles: numpy-linear
// (lib/benchmarks/metrics/describe-distribution.ts).
import { percentile } from "@/lib/benchmarks/metrics/describe-distribution";
import { seededRandom } from "@/lib/random/seeded-random";
import type { MovePlan } from "./plan-moves";
import { appliedRatios, type RepriceContext } from "./reprice-tokens";
import { parseRatio } from "./token-ratio";
import type { TrafficCell } from "./traffic-profile";
import type { LatencyProfile, LatencyTable } from "./whatif-inputs";

export const DEFAULT_LATENCY_SAMPLES = 10_000;
export const DEFAULT_LATENCY_SAMPLES_PER_RULE = 2_000;

export interface LatencyInput {
  cells: readonly TrafficCell[];
  plan: MovePlan;
  profiles: LatencyTable;
  ctx: Pick<RepriceContext, "adjustments" | "ratios">;
  burst?: { localModel: string; cloudModel: string; localFractionOfMove: ReadonlyMap<number, number> };
  seed: number;
  samples?: number;
  samplesPerRule?: number;
}

export interface LatencyPercentiles {
  p50Ms: number;
  p95Ms: number;
}

export interface LatencyFigures {
  samples: number;
  before: LatencyPercentiles | null;
  /** Null when a target that traffic moves to has no latency profile. */
  after: LatencyPercentiles | null;
  unmeasuredModels: string[];
  /** Served models without a profile, whose "before" is the ledger's observed mean latency. */
  observedModels: string[];
}

export interface LatencySimulation {
  overall: LatencyFigures;
  byRule: (LatencyFigures & { rule: number })[];
  seed: number;
}

interface Usable {
  ttftMs: readonly number[];
  tps: readonly number[];
}

function usable(p: LatencyProfile | undefined): Usable | null {
  if (!p) return null;
  const ttftMs = p.ttftMs.filter((v) => Number.isFinite(v) && v >= 0);
  const tps = p.outputTokensPerSec.filter((v) => Number.isFinite(v) && v > 0);
  return ttftMs.length && tps.length ? { ttftMs, tps } : null;
}

export function simulateLatency(input: LatencyInput): LatencySimulation {
  const { cells, plan } = input;
  const profiles = new Map<string, Usable | null>();
  const profileOf = (model: string) => {
    if (!profiles.has(model)) profiles.set(model, usable(input.profiles.get(model)));
    return profiles.get(model)!;
  };
  const all = cells.map((_, i) => i);
  const overall = sampleCells(input, all, input.samples ?? DEFAULT_LATENCY_SAMPLES, input.seed, profileOf);
  const byRule = new Map<number, number[]>();
  cells.forEach((_, i) => {
    const r = plan.ruleOfCell[i]!;
    if (r < 0) return;
    const list = byRule.get(r);
    if (list) list.push(i);
    else byRule.set(r, [i]);
  });
  return {
    overall,
    byRule: [...byRule.keys()]
      .sort((a, b) => a - b)
      .map((rule) => ({ rule, ...sampleCells(input, byRule.get(rule)!, input.samplesPerRule ?? DEFAULT_LATENCY_SAMPLES_PER_RULE, input.seed + 1 + rule, profileOf) })),
    seed: input.seed,
  };
}

function sampleCells(input: LatencyInput, indices: readonly number[], samples: number, seed: number, profileOf: (m: string) => Usable | null): LatencyFigures {
  const { cells, plan, burst, ctx } = input;
  const targetsOf = (i: number): string[] => {
    const m = plan.moveOfCell[i]!;
    if (m < 0) return [];
    const t = plan.moves[m]!.target;
    if (!burst || t !== burst.localModel) return [t];
    return (burst.localFractionOfMove.get(m) ?? 1) < 1 ? [t, burst.cloudModel] : [t];
  };
  const unmeasured = new Set<string>(), observed = new Set<string>();
  let total = 0;
  const cumulative = new Float64Array(indices.length);
  indices.forEach((i, k) => {
    const c = cells[i]!;
    for (const t of targetsOf(i)) if (!profileOf(t)) unmeasured.add(t);
    if (!profileOf(c.servedModel)) observed.add(c.servedModel);
    total += c.requests;
    cumulative[k] = total;
  });
  const figures = (before: LatencyPercentiles | null, after: LatencyPercentiles | null, n: number): LatencyFigures => ({
    samples: n, before, after: unmeasured.size ? null : after, unmeasuredModels: [...unmeasured].sort(), observedModels: [...observed].sort(),
  });
  if (total === 0 || samples <= 0) return figures(null, null, 0);

  const random = seededRandom(seed);
  const draw = (values: readonly number[]) => values[Math.min(values.length - 1, Math.floor(random() * values.length))]!;
  const simulate = (p: Usable, outputTokens: number) => draw(p.ttftMs) + (outputTokens * 1000) / draw(p.tps);
  const ratioOf = (source: string, target: string) => Number(parseRatio(appliedRatios(ctx, source, target).output.point)) / 1e6;

  const before = new Float64Array(samples), after = new Float64Array(samples);
  const offset = random();
  let k = 0;
  for (let s = 0; s < samples; s++) {
    const position = ((s + offset) / samples) * total;
    while (k < cumulative.length - 1 && cumulative[k]! <= position) k++;
    const i = indices[k]!;
    const c = cells[i]!;
    const output = c.outputTokens / c.requests;
    const served = profileOf(c.servedModel);
    before[s] = served ? simulate(served, output) : c.latencyMsSum / c.requests;
    after[s] = before[s]!;
    const m = plan.moveOfCell[i]!;
    if (m < 0 || random() >= plan.moves[m]!.share) continue;
    let target = plan.moves[m]!.target;
    if (burst && target === burst.localModel && random() >= (burst.localFractionOfMove.get(m) ?? 1)) target = burst.cloudModel;
    const p = profileOf(target);
    if (p) after[s] = simulate(p, output * ratioOf(c.servedModel, target));
  }
  return figures(percentilesOf(before), percentilesOf(after), samples);
}

function percentilesOf(values: Float64Array): LatencyPercentiles {
  const sorted = values.slice().sort();
  return { p50Ms: percentile(sorted, 50)!, p95Ms: percentile(sorted, 95)! };
}
