// Reads Tollgate's tollgate_proxy_overhead_seconds histogram (its own time
// per answered request, lib/proxy/request-timing.ts) from two scrapes of
// /metrics, and summarises what was observed between them: p50 and p99
// (interpolated within a bucket, so as exact as the buckets) and the exact
// share of requests at or under 3 ms (a bucket bound).

/** Cumulative counts by upper bound (seconds; Infinity for +Inf). */
export type Histogram = Map<number, number>;

export function parseHistogram(text: string, name: string): Histogram {
  const histogram: Histogram = new Map();
  const line = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)$`, "gm");
  for (const m of text.matchAll(line)) histogram.set(m[1] === "+Inf" ? Infinity : Number(m[1]), Number(m[2]));
  return histogram;
}

export interface OverheadSummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of the requests whose overhead was at most 3 ms. */
  within3ms: number;
}

/** What was observed between two scrapes; null when nothing was. */
export function summariseOverhead(before: Histogram, after: Histogram): OverheadSummary | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cumulative = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const count = cumulative.at(-1) ?? 0;
  if (count <= 0) return null;
  const quantile = (q: number) => {
    const rank = q * count;
    const i = cumulative.findIndex((c) => c >= rank);
    const upper = bounds[i]!;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    if (upper === Infinity) return lower; // beyond the last bound: the bound is all that is known
    const below = i === 0 ? 0 : cumulative[i - 1]!;
    const inBucket = cumulative[i]! - below;
    return lower + ((upper - lower) * (rank - below)) / Math.max(1, inBucket);
  };
  const at3ms = bounds.indexOf(0.003);
  return {
    count,
    p50Ms: +(quantile(0.5) * 1000).toFixed(2),
    p99Ms: +(quantile(0.99) * 1000).toFixed(2),
    within3ms: at3ms < 0 ? NaN : +(cumulative[at3ms]! / count).toFixed(4),
  };
}
