// The Wilson score interval for a pass rate: unlike p +/- z*sqrt(p(1-p)/n) it
// stays inside [0, 1] and is not zero-width at 0 or n passes, which matters for
// the small suites (20-200 cases) benchmarks run.
//   centre = (p + z^2/2n) / (1 + z^2/n)
//   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2)

export interface Interval {
  low: number;
  high: number;
}

/** 95% by default (z = 1.96). Null when nothing was graded (n = 0). */
export function wilsonInterval(passes: number, n: number, z = 1.96): Interval | null {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(passes) || passes < 0 || passes > n) throw new RangeError(`wilsonInterval: passes must be an integer between 0 and n (${n}), got ${passes}`);
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`wilsonInterval: z must be a positive number, got ${z}`);
  if (n === 0) return null;
  const p = passes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n passes the bound is exactly 0 or 1; rounding would leave a 1e-17 sliver.
  return {
    low: passes === 0 ? 0 : Math.max(0, centre - half),
    high: passes === n ? 1 : Math.min(1, centre + half),
  };
}
