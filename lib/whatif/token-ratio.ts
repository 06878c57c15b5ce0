// Token ratios between a source model (the one that served) and a target:
// how many tokens the target would count (input: its tokenizer) or write
// (output: its tokenizer and verbosity) for each token of the source.
// A ratio is an exact decimal with at most 6 places, held as an integer in
// millionths; a count is scaled by it exactly and rounded ONCE to a whole
// token, half to even (divideHalfEven). Each ratio has a low-high spread;
// the cost band is the cost at every low and at every high (simulate-cost.ts).
import { divideHalfEven } from "./divide-half-even";

export const RATIO_DECIMALS = 6;
const SCALE = 10n ** BigInt(RATIO_DECIMALS);

/** Decimal strings with at most 6 places: point estimate and the spread around it (low <= point <= high). */
export interface RatioEstimate {
  point: string;
  low: string;
  high: string;
}

export type RatioProvenance =
  | { kind: "identity" }
  | { kind: "measured"; suiteId: string; cases: number; sourceRunIds: readonly string[]; targetRunIds: readonly string[] }
  | { kind: "default"; sourceFamily: string; targetFamily: string; note: string };

export interface TokenRatios {
  input: RatioEstimate;
  output: RatioEstimate;
  /** Where each came from: measured from benchmark runs of both models, else the default table. */
  inputSource: RatioProvenance;
  outputSource: RatioProvenance;
}

const ONE: RatioEstimate = { point: "1", low: "1", high: "1" };
export const IDENTITY_RATIOS: TokenRatios = { input: ONE, output: ONE, inputSource: { kind: "identity" }, outputSource: { kind: "identity" } };

/** (source, target) -> ratios; the simulator asks only for pairs of different models. */
export type RatioLookup = (sourceModel: string, targetModel: string) => TokenRatios;

const ratioCache = new Map<string, bigint>();

/** "1.083333" -> 1083333n (millionths). Plain non-negative decimals with at most 6 places only. */
export function parseRatio(ratio: string): bigint {
  let parsed = ratioCache.get(ratio);
  if (parsed === undefined) {
    const m = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(ratio);
    if (!m) throw new RangeError(`invalid token ratio "${ratio}": expected a plain decimal with at most ${RATIO_DECIMALS} decimals`);
    parsed = BigInt(m[1]!) * SCALE + BigInt((m[2] ?? "").padEnd(RATIO_DECIMALS, "0"));
    if (ratioCache.size < 10_000) ratioCache.set(ratio, parsed);
  }
  return parsed;
}

/** tokens x ratio, rounded to a whole token, half to even. */
export function scaleTokens(tokens: number, ratioMillionths: bigint): number {
  if (ratioMillionths === SCALE) return tokens;
  return Number(divideHalfEven(BigInt(tokens) * ratioMillionths, SCALE));
}

/** Refuses an estimate whose strings do not parse or whose low/point/high are out of order. */
export function checkRatioEstimate(r: RatioEstimate, what: string): void {
  const [low, point, high] = [parseRatio(r.low), parseRatio(r.point), parseRatio(r.high)];
  if (!(low <= point && point <= high)) throw new RangeError(`${what}: expected low <= point <= high, got ${r.low} / ${r.point} / ${r.high}`);
}
