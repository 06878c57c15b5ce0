// Sends a run's requests with the shape of load its profile names:
// sequential (one at a time), a fixed number in flight, or arrivals at given
// offsets (constant rate or Poisson), never more than maxInFlight at once.
// It knows nothing of HTTP: `send` does one item, `shouldStop` is asked
// before each start (cancel, cost cap, max duration).
import type { LoadProfile } from "./run-config";

export interface DriveLoadOptions<T> {
  items: T[];
  profile: LoadProfile;
  /** Start offsets (ms from the first start) for rate profiles, one per item. */
  offsetsMs?: number[];
  send: (item: T, index: number) => Promise<void>;
  shouldStop: () => boolean;
  /** Resolves when the run should stop waiting (cancel or max duration), so a long sleep does not hold it. */
  stopped?: Promise<void>;
  /**
   * Closed-loop profiles: lane k of N makes its first start k x laneStaggerMs / N after lane 0
   * (0 = all at once). Over one request's duration, it keeps N requests in flight without
   * their starts, chunks and ends all falling due at the same instant (see bench/harness.ts).
   */
  laneStaggerMs?: number;
}

export interface DriveLoadResult {
  started: number;
  /** Rate profiles: how many starts came later than scheduled because maxInFlight were busy. */
  lateStarts: number;
}

export async function driveLoad<T>(options: DriveLoadOptions<T>): Promise<DriveLoadResult> {
  const { profile } = options;
  if (profile.kind === "sequential" || profile.kind === "concurrency") {
    return driveClosedLoop(options, profile.kind === "sequential" ? 1 : profile.concurrency);
  }
  return driveOpenLoop(options, profile.maxInFlight);
}

async function driveClosedLoop<T>(options: DriveLoadOptions<T>, concurrency: number): Promise<DriveLoadResult> {
  let next = 0;
  const lanes = Math.min(concurrency, options.items.length);
  const stagger = options.laneStaggerMs ?? 0;
  const lane = async (_: unknown, k: number) => {
    if (stagger > 0 && k > 0) await sleepUnless((k * stagger) / lanes, options.stopped);
    while (next < options.items.length && !options.shouldStop()) {
      const index = next++;
      await options.send(options.items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return { started: Math.min(next, options.items.length), lateStarts: 0 };
}

async function driveOpenLoop<T>(options: DriveLoadOptions<T>, maxInFlight: number): Promise<DriveLoadResult> {
  const offsets = options.offsetsMs;
  if (!offsets || offsets.length < options.items.length) throw new Error("rate profiles need one start offset per item");
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let started = 0;
  let lateStarts = 0;
  for (let index = 0; index < options.items.length; index++) {
    const wait = start + offsets[index]! - performance.now();
    if (wait > 0) await sleepUnless(wait, options.stopped);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (options.shouldStop()) break;
    if (performance.now() - (start + offsets[index]!) > 5) lateStarts++;
    const p: Promise<void> = options.send(options.items[index]!, index).finally(() => inFlight.delete(p));
    inFlight.add(p);
    started++;
  }
  await Promise.all(inFlight);
  return { started, lateStarts };
}

function sleepUnless(ms: number, stopped?: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    stopped?.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
