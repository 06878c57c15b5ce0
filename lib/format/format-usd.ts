// Money on screen: one rule, so a column never mixes $31.52 with $0.009570.
//
//  1. Exact where a single request or an export is concerned: a request's
//     detail shows the stored value with all 9 decimals (formatUsdExact);
//     exports write the raw decimal strings (never formatted text).
//  2. Values shown together (a table column, or a figure and the figures it
//     is read against) get ONE precision, chosen from the whole set
//     (usdDecimalsFor):
//       - cents (2 decimals) when the set's largest |value| is at least $1,
//         or its smallest non-zero |value| is at least $0.01, or it is all zeros;
//       - otherwise enough decimals to show the smallest non-zero |value|
//         with 2 significant digits (so at least 4), at most `maxDecimals`
//         (6 on dashboards, i.e. a millionth of a dollar; the request log
//         passes 9, exact).
//  3. A non-zero value that rounds to zero at the set's precision reads
//     "<$0.01" (or "<$0.000001"), never "$0.00": it is not nothing.
//  4. Rounding is half to even, on decimal strings (decimal.js), never a float.
//  A single figure (formatUsd) is a set of one. Statistical estimates
//  (forecasts, anomaly baselines; floats, not money) are in cents (formatUsdEstimate).
import Decimal from "decimal.js";

export const DASHBOARD_MAX_DECIMALS = 6;
export const EXACT_DECIMALS = 9;

type Money = string | Decimal;

/** The one precision for a set of values shown together (nulls, e.g. unpriced, are ignored). */
export function usdDecimalsFor(values: readonly (Money | null)[], options: { maxDecimals?: number } = {}): number {
  const max = options.maxDecimals ?? DASHBOARD_MAX_DECIMALS;
  let largest = new Decimal(0);
  let smallest: Decimal | null = null;
  for (const v of values) {
    if (v === null) continue;
    const a = new Decimal(v).abs();
    if (a.gt(largest)) largest = a;
    if (!a.isZero() && (smallest === null || a.lt(smallest))) smallest = a;
  }
  if (smallest === null || largest.gte(1) || smallest.gte("0.01")) return 2;
  // Decimal's `e` is the exponent: 0.009570 has e = -3, so 4 decimals give 2 significant digits.
  return Math.max(Math.min(1 - smallest.e, max), 2);
}

/** One value at a set's precision (rule 3 for non-zero values that would read as zero). */
export function formatUsdAt(value: Money, decimals: number): string {
  const d = new Decimal(value);
  const fixed = d.toFixed(decimals, Decimal.ROUND_HALF_EVEN);
  if (!d.isZero() && new Decimal(fixed).isZero()) return `${d.isNeg() ? "-" : ""}<$${new Decimal(1).div(new Decimal(10).pow(decimals)).toFixed(decimals)}`;
  return group(fixed);
}

/** A column: every value at the column's one precision; null stays null (the caller says "unpriced"). */
export function formatUsdColumn<T extends Money | null>(values: readonly T[], options: { maxDecimals?: number } = {}): (T extends null ? null : string)[] {
  const decimals = usdDecimalsFor(values, options);
  return values.map((v) => (v === null ? null : formatUsdAt(v, decimals))) as (T extends null ? null : string)[];
}

/** A single figure (a set of one), or a fixed number of decimals when given. */
export function formatUsd(value: Money, options: { decimals?: number } = {}): string {
  if (options.decimals !== undefined) return group(new Decimal(value).toFixed(options.decimals, Decimal.ROUND_HALF_EVEN));
  return formatUsdAt(value, usdDecimalsFor([value]));
}

/** The stored value, all 9 decimals: a request's detail. */
export function formatUsdExact(value: Money): string {
  return formatUsd(value, { decimals: EXACT_DECIMALS });
}

function group(fixed: string): string {
  const negative = fixed.startsWith("-");
  const [whole, frac] = fixed.replace("-", "").split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}${frac ? `.${frac}` : ""}`;
}

/** A statistical estimate (a forecast, an anomaly baseline: computed in floating point, not money) in dollars and cents. */
export function formatUsdEstimate(value: number): string {
  return formatUsd(value.toFixed(2), { decimals: 2 });
}
