// Whether a local-first target bursts new requests to its cloud target, with
// hysteresis so it does not flap at the edge: it enters a burst when its
// in-flight count (across every proxy, from Redis) reaches capacity or its
// recent p95 time to first token is above the objective, and leaves only
// once in-flight is below resumeBelowPercent of capacity and the p95 is
// below the same share of the objective. Between the two thresholds it
// keeps whatever state it was in.

/** Without a configured hysteresis, a burst ends below 75% of capacity. */
export const DEFAULT_RESUME_BELOW_PERCENT = 75;

export interface LocalCapacity {
  maxConcurrent: number;
  ttftObjectiveMs?: number;
  resumeBelowPercent?: number;
}

export interface LocalLoad {
  inFlight: number;
  /** p95 TTFT of the local target's recent requests; null: too few to tell (never bursts by itself). */
  p95TtftMs: number | null;
}

export type BurstReason = "at-capacity" | "ttft-over-objective" | "holding" | "recovered" | "within-capacity";

export interface BurstState {
  bursting: boolean;
  reason: BurstReason;
}

export function nextBurstState(bursting: boolean, load: LocalLoad, capacity: LocalCapacity): BurstState {
  const objective = capacity.ttftObjectiveMs;
  if (load.inFlight >= capacity.maxConcurrent) return { bursting: true, reason: "at-capacity" };
  if (objective !== undefined && load.p95TtftMs !== null && load.p95TtftMs > objective) return { bursting: true, reason: "ttft-over-objective" };
  if (!bursting) return { bursting: false, reason: "within-capacity" };
  const share = (capacity.resumeBelowPercent ?? DEFAULT_RESUME_BELOW_PERCENT) / 100;
  const loadLow = load.inFlight < capacity.maxConcurrent * share;
  const ttftLow = objective === undefined || load.p95TtftMs === null || load.p95TtftMs < objective * share;
  return loadLow && ttftLow ? { bursting: false, reason: "recovered" } : { bursting: true, reason: "holding" };
}
