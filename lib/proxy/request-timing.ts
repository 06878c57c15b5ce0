// What Tollgate itself adds to a request's latency: its whole time in the
// proxy (from the handler's start to the response's last byte handed to the
// socket) less the time its attempts spent on upstreams (from sending each
// one to that upstream's last byte). Gateways publish their overhead this
// way; it leaves out the upstream's own time, which a proxy cannot change,
// and does not see time a request waited before its handler ran (the event
// loop's delay, reported apart in bench:proxy).
import type { Attempt } from "./proxy-types";

/** One request's upstream time, shared by all its attempts. */
export interface RequestTiming {
  upstreamMs: number;
}

/** Marks the attempt's upstream call as sent. */
export function upstreamSent(a: Attempt): void {
  a.upstreamSentAt = performance.now();
}

/** The upstream's part of the attempt is over (its last byte read, or its failure seen): counted once. */
export function upstreamDone(a: Attempt): void {
  if (a.upstreamSentAt === null) return;
  a.timing.upstreamMs += performance.now() - a.upstreamSentAt;
  a.upstreamSentAt = null;
}

/** Tollgate's own time for a request that started at `started` (performance.now() ms). */
export function overheadMs(started: number, timing: RequestTiming, now = performance.now()): number {
  return Math.max(0, now - started - timing.upstreamMs);
}
