// Keep the predictable load on a local model and burst the rest to the cloud,
// replayed hour by hour (the profile's finest grain): in each hour the local
// model serves what its measured capacity allows, the rest spills to the
// named cloud model.
//   capacityRps:        the hour takes capacityRps x seconds requests.
//   capacityConcurrent: by Little's law the hour offers capacity x seconds
//                       busy-seconds; each request needs its service time,
//                       mean TTFT + output tokens x mean(1 / tokens per s)
//                       from the local model's measured latency samples.
// "seconds" is the part of the hour inside the scenario's range (the first
// and last hour may be partial). When demand exceeds capacity the hour's
// local fraction is capacity / demand, applied to every request of the hour
// alike (the cells do not say which came first). Load within an hour is
// taken as even: a spike inside one hour is not seen (the limit of hourly
// cells; the result says so).
// The machine is paid for every hour of the range, busy or not:
// hardware cost = range hours x hourlyCostUsd, exact, rounded once to
// nano-dollars half to even.
import Decimal from "decimal.js";
import { usdToNano } from "@/lib/money/nano-usd";
import { divideHalfEven } from "./divide-half-even";
import type { MovePlan, TokenCounts } from "./plan-moves";
import { splitCounts } from "./plan-moves";
import type { LocalBurst } from "./scenario-schema";
import type { TrafficCell } from "./traffic-profile";
import { parseRatio } from "./token-ratio";
import { WhatIfInputError, type LatencyProfile } from "./whatif-inputs";

const HOUR_MS = 3_600_000;
/** The local fraction is applied to token counts as an exact fraction of this denominator. */
const FRACTION_DENOMINATOR = 1_000_000n;

/** One move's demand on the local model. */
export interface BurstLoad {
  /** Index into the plan's moves. */
  move: number;
  hour: Date;
  /** Expected requests (cell requests x share; not rounded). */
  requests: number;
  /** Output tokens per request as the local model would write them (source counts x output ratio). */
  outputTokensPerRequest: number;
}

export interface BurstInput {
  burst: LocalBurst;
  range: { from: Date; to: Date };
  loads: readonly BurstLoad[];
  /** Needed with capacityConcurrent: the local model's measured latency. */
  localLatency?: LatencyProfile;
  /** How many peak hours to list (default 5). */
  peakHourCount?: number;
}

export interface BurstHour {
  hour: Date;
  requests: number;
  /** Requests the hour could serve locally at its mix of sizes. */
  capacityRequests: number;
  /** Demand over capacity (1 = exactly full). */
  utilisation: number;
  /** Share of the hour's requests served locally, in [0, 1]. */
  localFraction: number;
  spilledRequests: number;
}

export interface BurstSimulation {
  localModel: string;
  cloudModel: string;
  capacity: { kind: "rps"; rps: number } | { kind: "concurrent"; concurrent: number; meanTtftMs: number; meanSecondsPerToken: number; runIds: readonly string[] };
  /** Hours that had local load, in time order. */
  hours: BurstHour[];
  requests: number;
  spilledRequests: number;
  /** spilled / requests; null without load. */
  spilledShare: number | null;
  /** The busiest hours by utilisation (ties: earlier first). */
  peakHours: BurstHour[];
  /** The range's length in hours, exact ("720", "1.5"). */
  hardwareHours: string;
  hardwareCostNano: bigint;
  /** Per move index: the share served locally (the rest spills). */
  localFractionOfMove: ReadonlyMap<number, number>;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function serviceModel(input: BurstInput) {
  const { capacityConcurrent, capacityRps } = input.burst;
  if (capacityRps !== undefined) return { capacity: { kind: "rps" as const, rps: capacityRps }, seconds: null };
  const profile = input.localLatency;
  const tps = profile?.outputTokensPerSec.filter((v) => Number.isFinite(v) && v > 0) ?? [];
  if (!profile || profile.ttftMs.length === 0 || tps.length === 0) {
    throw new WhatIfInputError("localBurst.capacityConcurrent", `needs measured latency of "${input.burst.localModel}" (TTFT and tokens/s from a benchmark run)`);
  }
  const meanTtftMs = mean(profile.ttftMs);
  const meanSecondsPerToken = mean(tps.map((v) => 1 / v));
  return {
    capacity: { kind: "concurrent" as const, concurrent: capacityConcurrent!, meanTtftMs, meanSecondsPerToken, runIds: profile.runIds },
    seconds: (outputTokens: number) => meanTtftMs / 1000 + outputTokens * meanSecondsPerToken,
  };
}

/** Seconds of [hour, hour + 1h) inside [from, to). */
function secondsInRange(hour: Date, range: { from: Date; to: Date }): number {
  const start = Math.max(hour.getTime(), range.from.getTime());
  const end = Math.min(hour.getTime() + HOUR_MS, range.to.getTime());
  return Math.max(0, end - start) / 1000;
}

export function simulateBurst(input: BurstInput): BurstSimulation {
  const { burst, range, loads } = input;
  const { capacity, seconds } = serviceModel(input);
  const byHour = new Map<number, BurstLoad[]>();
  for (const load of loads) {
    const key = load.hour.getTime();
    const list = byHour.get(key);
    if (list) list.push(load);
    else byHour.set(key, [load]);
  }

  const hours: BurstHour[] = [];
  const localFractionOfMove = new Map<number, number>();
  let requests = 0, spilledRequests = 0;
  for (const key of [...byHour.keys()].sort((a, b) => a - b)) {
    const hourLoads = byHour.get(key)!;
    const hour = new Date(key);
    const available = secondsInRange(hour, range);
    const hourRequests = hourLoads.reduce((n, l) => n + l.requests, 0);
    let capacityRequests: number, utilisation: number;
    if (seconds === null) {
      capacityRequests = (capacity as { rps: number }).rps * available;
      utilisation = capacityRequests > 0 ? hourRequests / capacityRequests : hourRequests > 0 ? Infinity : 0;
    } else {
      const demand = hourLoads.reduce((s, l) => s + l.requests * seconds(l.outputTokensPerRequest), 0);
      const offered = (capacity as { concurrent: number }).concurrent * available;
      utilisation = offered > 0 ? demand / offered : demand > 0 ? Infinity : 0;
      capacityRequests = demand > 0 ? (hourRequests * offered) / demand : Infinity;
    }
    const localFraction = utilisation <= 1 ? 1 : 1 / utilisation;
    for (const l of hourLoads) localFractionOfMove.set(l.move, localFraction);
    const spilled = hourRequests * (1 - localFraction);
    hours.push({ hour, requests: hourRequests, capacityRequests, utilisation, localFraction, spilledRequests: spilled });
    requests += hourRequests;
    spilledRequests += spilled;
  }

  const peakHours = [...hours].sort((a, b) => b.utilisation - a.utilisation || a.hour.getTime() - b.hour.getTime()).slice(0, input.peakHourCount ?? 5);
  const durationMs = BigInt(range.to.getTime() - range.from.getTime());
  return {
    localModel: burst.localModel,
    cloudModel: burst.cloudModel,
    capacity,
    hours,
    requests,
    spilledRequests,
    spilledShare: requests > 0 ? spilledRequests / requests : null,
    peakHours,
    hardwareHours: new Decimal(durationMs.toString()).div(HOUR_MS).toFixed(),
    hardwareCostNano: divideHalfEven(usdToNano(burst.hourlyCostUsd) * durationMs, BigInt(HOUR_MS)),
    localFractionOfMove,
  };
}

/** A move's counts split into the part served locally and the part spilled, as an exact fraction (6 decimals of the local share). */
export function splitBySpill(moved: TokenCounts, localFraction: number): [local: TokenCounts, spilled: TokenCounts] {
  if (localFraction >= 1) return [moved, { ...moved, requests: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 }];
  const num = BigInt(Math.round(Math.max(0, localFraction) * Number(FRACTION_DENOMINATOR)));
  return splitCounts(moved, num, FRACTION_DENOMINATOR);
}

/** The local model's load from a plan: every move to it, at its expected requests and output length. */
export function burstLoads(cells: readonly TrafficCell[], plan: MovePlan, localModel: string, outputRatio: (source: string) => string): BurstLoad[] {
  const loads: BurstLoad[] = [];
  plan.moves.forEach((m, i) => {
    if (m.target !== localModel) return;
    const c = cells[m.cell]!;
    const requests = c.requests * m.share;
    const perRequest = c.requests > 0 ? (c.outputTokens / c.requests) * (Number(parseRatio(outputRatio(c.servedModel))) / 1e6) : 0;
    loads.push({ move: i, hour: c.hour, requests, outputTokensPerRequest: perRequest });
  });
  return loads;
}
