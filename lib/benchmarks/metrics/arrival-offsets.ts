// When each request of a rate-driven run starts, as offsets in ms from the
// run's start: constant rate R sends request i at i / R; Poisson arrivals at
// rate R have independent exponential gaps with mean 1 / R (vLLM's
// --request-rate with burstiness 1). The PRNG is seeded, so a run can be
// repeated with exactly the same arrival pattern.
import type { LoadProfile } from "../run-config";
import { seededRandom } from "../../random/seeded-random";

export type RateProfile = Pick<Extract<LoadProfile, { kind: "constant-rate" | "poisson" }>, "kind" | "ratePerSec">;

const MAX_COUNT = 1_000_000;

/** Offsets (ms, non-decreasing, the first 0) of `count` request starts. `seed` only matters for Poisson. */
export function arrivalOffsetsMs(profile: RateProfile, count: number, seed = 0): number[] {
  if (profile.kind !== "constant-rate" && profile.kind !== "poisson") throw new RangeError(`arrival offsets need a constant-rate or poisson profile, got "${String((profile as { kind: unknown }).kind)}"`);
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_COUNT) throw new RangeError(`count must be an integer from 0 to ${MAX_COUNT}, got ${count}`);
  if (!(Number.isFinite(profile.ratePerSec) && profile.ratePerSec > 0)) throw new RangeError(`ratePerSec must be a positive number, got ${profile.ratePerSec}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer from 0 to 2^32 - 1, got ${seed}`);
  const meanGapMs = 1000 / profile.ratePerSec;
  if (profile.kind === "constant-rate") return Array.from({ length: count }, (_, i) => i * meanGapMs);
  const random = seededRandom(seed);
  const offsets = new Array<number>(count);
  let t = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = t;
    // Inverse CDF of the exponential distribution; 1 - u is in (0, 1], so the log is finite.
    t += -Math.log(1 - random()) * meanGapMs;
  }
  return offsets;
}

