// Exact integer division rounded half to even: the one rounding rule of the
// what-if simulator for counts and money (the same rule lib/pricing uses for
// nano-dollars), so a split or a scaled count never drifts by a float.

/** round(n / d), half to even, for n >= 0 and d > 0. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new RangeError(`divideHalfEven needs n >= 0 and d > 0, got ${n} / ${d}`);
  const q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Splits a whole count in the proportion num/den: [the part, the rest]; part + rest is always the count. */
export function splitCount(count: number, num: bigint, den: bigint): [number, number] {
  const part = Number(divideHalfEven(BigInt(count) * num, den));
  return [part, count - part];
}
