// Token ratios measured from benchmark runs of two models on the same suite:
// the reported token counts per case (RunSummary.tokens.*.byCase: each
// case's mean over its completed repeats), paired on the cases both answered.
//   point = sum of target tokens / sum of source tokens over the paired cases
//           (exact from the counts' decimal forms, rounded half to even to 6 places)
//   band  = the 10th to 90th percentile of the per-case ratios (numpy-linear,
//           lib/benchmarks/metrics/describe-distribution.ts), widened to
//           include the point, rounded outward: where 80% of the suite's
//           cases fall, since a slice of traffic may look like any part of it.
// Fewer than MIN_PAIRED_CASES paired cases measure nothing (the default table
// is used instead, and the result says which).
import Decimal from "decimal.js";
import { percentile } from "@/lib/benchmarks/metrics/describe-distribution";
import { defaultTokenRatios } from "./default-token-ratios";
import { checkRatioEstimate, RATIO_DECIMALS, type RatioEstimate, type RatioLookup, type RatioProvenance, type TokenRatios } from "./token-ratio";

export const MIN_PAIRED_CASES = 5;
const Exact = Decimal.clone({ precision: 40 });

/** One model's run(s) on a suite: case id -> mean reported tokens. */
export interface CaseTokens {
  input: Readonly<Record<string, number>>;
  output: Readonly<Record<string, number>>;
  runIds: readonly string[];
}

export interface MeasuredRatio {
  estimate: RatioEstimate;
  cases: number;
}

export function measureRatio(source: Readonly<Record<string, number>>, target: Readonly<Record<string, number>>): MeasuredRatio | null {
  let sumS = new Exact(0), sumT = new Exact(0);
  const perCase: number[] = [];
  for (const [caseId, s] of Object.entries(source)) {
    const t = Object.hasOwn(target, caseId) ? target[caseId] : undefined;
    if (t === undefined || !Number.isFinite(s) || !Number.isFinite(t) || s <= 0 || t < 0) continue;
    sumS = sumS.plus(String(s));
    sumT = sumT.plus(String(t));
    perCase.push(t / s);
  }
  if (perCase.length < MIN_PAIRED_CASES) return null;
  perCase.sort((a, b) => a - b);
  const point = sumT.div(sumS).toDecimalPlaces(RATIO_DECIMALS, Decimal.ROUND_HALF_EVEN);
  const low = Decimal.min(point, new Exact(String(percentile(perCase, 10))).toDecimalPlaces(RATIO_DECIMALS, Decimal.ROUND_FLOOR));
  const high = Decimal.max(point, new Exact(String(percentile(perCase, 90))).toDecimalPlaces(RATIO_DECIMALS, Decimal.ROUND_CEIL));
  return { estimate: { point: point.toFixed(), low: low.toFixed(), high: high.toFixed() }, cases: perCase.length };
}

export interface MeasuredPair {
  suiteId: string;
  source: CaseTokens;
  target: CaseTokens;
}

/** The ratios of one pair: each of input and output measured when enough cases pair up, else the family default. */
export function measureTokenRatios(sourceModel: string, targetModel: string, pair: MeasuredPair | undefined): TokenRatios {
  const fallback = defaultTokenRatios(sourceModel, targetModel);
  if (!pair) return fallback;
  const provenance = (cases: number): RatioProvenance => ({ kind: "measured", suiteId: pair.suiteId, cases, sourceRunIds: pair.source.runIds, targetRunIds: pair.target.runIds });
  const input = measureRatio(pair.source.input, pair.target.input);
  const output = measureRatio(pair.source.output, pair.target.output);
  return {
    input: input ? input.estimate : fallback.input,
    inputSource: input ? provenance(input.cases) : fallback.inputSource,
    output: output ? output.estimate : fallback.output,
    outputSource: output ? provenance(output.cases) : fallback.outputSource,
  };
}

const pairKey = (source: string, target: string) => `${source}\u0000${target}`;

/** A lookup over measured pairs (source, target, runs) with the default table for the rest; each pair computed once. */
export function tokenRatioLookup(pairs: ReadonlyArray<{ sourceModel: string; targetModel: string } & MeasuredPair>): RatioLookup {
  const measured = new Map(pairs.map((p) => [pairKey(p.sourceModel, p.targetModel), p]));
  const memo = new Map<string, TokenRatios>();
  return (source, target) => {
    const key = pairKey(source, target);
    let ratios = memo.get(key);
    if (!ratios) {
      ratios = measureTokenRatios(source, target, measured.get(key));
      checkRatioEstimate(ratios.input, `input ratio ${source} -> ${target}`);
      checkRatioEstimate(ratios.output, `output ratio ${source} -> ${target}`);
      memo.set(key, ratios);
    }
    return ratios;
  };
}
