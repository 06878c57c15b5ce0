// End-of-period spend forecast with a 90% interval. A forecast is a
// statistical estimate, not a charge, so it is computed in floating point
// and shown rounded to cents; spend to date stays exact.
//
// With 14+ days of history: burn rate with day-of-week seasonality (the
// mean spend of each weekday over the last four weeks), interval from the
// day-level residuals. Before that: linear burn rate over the period so far,
// interval from the day-to-day spread (or +-50% of the rest with no history).

export interface DailySpend {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  usd: number;
}

export interface SpendForecast {
  method: "seasonal" | "linear";
  projectedUsd: number;
  lowUsd: number;
  highUsd: number;
}

const Z90 = 1.645;
export const SEASONAL_MIN_DAYS = 14;

export function forecastPeriodSpend(input: {
  spentUsd: number;
  /** Days elapsed in the period (fractional) and days left. */
  elapsedDays: number;
  remainingDays: number;
  /** Complete days before today (oldest first, zero days included), up to 28. */
  history: DailySpend[];
  /** Weekday (0 = Sunday) of each remaining day, today first, with the fraction of it left. */
  remaining: { weekday: number; fraction: number }[];
}): SpendForecast {
  const { spentUsd, history } = input;
  if (input.remainingDays <= 0) return { method: "linear", projectedUsd: spentUsd, lowUsd: spentUsd, highUsd: spentUsd };

  if (history.length >= SEASONAL_MIN_DAYS) {
    const byWeekday = new Map<number, number[]>();
    for (const d of history) {
      const w = weekdayOf(d.day);
      byWeekday.set(w, [...(byWeekday.get(w) ?? []), d.usd]);
    }
    const meanOf = (w: number) => mean(byWeekday.get(w) ?? history.map((d) => d.usd));
    const rest = input.remaining.reduce((sum, r) => sum + r.fraction * meanOf(r.weekday), 0);
    const residuals = history.map((d) => d.usd - meanOf(weekdayOf(d.day)));
    const band = Z90 * stdDev(residuals) * Math.sqrt(input.remainingDays);
    return interval("seasonal", spentUsd, rest, band);
  }

  const rate = spentUsd / Math.max(input.elapsedDays, 1 / 24);
  const rest = rate * input.remainingDays;
  const band = history.length >= 2 ? Z90 * stdDev(history.map((d) => d.usd)) * Math.sqrt(input.remainingDays) : rest * 0.5;
  return interval("linear", spentUsd, rest, band);
}

function interval(method: SpendForecast["method"], spent: number, rest: number, band: number): SpendForecast {
  const projectedUsd = spent + rest;
  return { method, projectedUsd, lowUsd: Math.max(spent, projectedUsd - band), highUsd: projectedUsd + band };
}

function weekdayOf(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function stdDev(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}
