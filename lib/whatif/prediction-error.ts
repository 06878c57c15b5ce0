// How far a scenario's prediction was from what its applied policy did.
// Both are shares of the cost without the policy: the scenario's predicted
// saving over its own range (its baseline minus simulated, over baseline),
// and the saving observed since the apply (enforced: realised on the
// requests it routed; shadowed: what it would have saved on the requests it
// would have routed). Ranges and volumes differ, so shares are what compare.
// The error is observed minus predicted, in percentage points. A check on
// too few requests is kept but not judged: a handful of requests says
// nothing about a prediction. Pure.
import Decimal from "decimal.js";

/** Below this many requests since the apply, a check is kept but left out of the track record. */
export const MIN_JUDGED_REQUESTS = 100;

export type PredictionSide = "enforced" | "shadowed";

export interface PredictionCheckInput {
  side: PredictionSide;
  requests: number;
  /** Percent, 2 decimals; null when the scenario's baseline was 0. */
  predictedSavingPercent: string | null;
  /** Percent, 2 decimals; null when nothing was observed (no cost without the policy). */
  observedSavingPercent: string | null;
}

export interface PredictionCheckFigures {
  side: PredictionSide;
  requests: number;
  predictedSavingPercent: string;
  observedSavingPercent: string | null;
  /** observed - predicted, percentage points, 2 decimals; null when nothing was observed. */
  errorPoints: string | null;
}

/** The checks worth keeping: a side with requests, of a prediction that has a share. */
export function predictionChecks(sides: readonly PredictionCheckInput[]): PredictionCheckFigures[] {
  return sides
    .filter((s) => s.requests > 0 && s.predictedSavingPercent !== null)
    .map((s) => ({
      side: s.side,
      requests: s.requests,
      predictedSavingPercent: new Decimal(s.predictedSavingPercent!).toFixed(2),
      observedSavingPercent: s.observedSavingPercent === null ? null : new Decimal(s.observedSavingPercent).toFixed(2),
      errorPoints: s.observedSavingPercent === null ? null : new Decimal(s.observedSavingPercent).minus(s.predictedSavingPercent!).toFixed(2),
    }));
}

export interface TrackRecord {
  /** Policies (and sides) judged: their latest check with enough requests and an observed saving. */
  judged: number;
  /** Checks kept but not judged (too few requests, or nothing observed). */
  notJudged: number;
  /** Median of |error|, points; null when nothing is judged. */
  medianAbsErrorPoints: string | null;
  /** Median of the signed error: below 0, predictions promised more saving than was seen. */
  medianErrorPoints: string | null;
}

function median(values: Decimal[]): string | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).div(2);
  return m.toFixed(2, Decimal.ROUND_HALF_EVEN);
}

/** The org's track record from each policy and side's latest check. */
export function trackRecord(latest: readonly { requests: number; errorPoints: string | null }[]): TrackRecord {
  const judged = latest.filter((c) => c.requests >= MIN_JUDGED_REQUESTS && c.errorPoints !== null).map((c) => new Decimal(c.errorPoints!));
  return {
    judged: judged.length,
    notJudged: latest.length - judged.length,
    medianAbsErrorPoints: median(judged.map((e) => e.abs())),
    medianErrorPoints: median(judged),
  };
}
