// Summary statistics of a latency (or throughput) sample, the way vLLM's
// benchmark_serving reports them: mean, population standard deviation
// (np.std), and percentiles with numpy's default "linear" interpolation
// (np.percentile), so our p50/p90/p95/p99 read the same as theirs.

export interface Distribution {
  count: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * The p-th percentile (0-100) of values sorted ascending, numpy's default method:
 * the value at fractional index (n - 1) x p/100, interpolated linearly between
 * its neighbours. Null for an empty sample.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`percentile: p must be between 0 and 100, got ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  // (n - 1) x (p / 100), in numpy's order of operations, so the last bit agrees too.
  const index = (n - 1) * (p / 100);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, n - 1);
  return lerp(sorted[lo]!, sorted[hi]!, index - lo);
}

// numpy's _lerp: from the upper end when t >= 0.5, so the result is exact at t = 1 and monotonic.
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Count, mean, population std, min, p50/p90/p95/p99 and max; every statistic null when there are no values. */
export function describe(values: ArrayLike<number>): Distribution {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, std: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(values as ArrayLike<number>);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`describe: value ${i} is not a finite number (${v})`);
    sum += v;
  }
  sorted.sort();
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i]! - mean) ** 2;
  return {
    count: n,
    mean,
    std: Math.sqrt(squares / n),
    min: sorted[0]!,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[n - 1]!,
  };
}
