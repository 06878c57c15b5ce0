// A chart's fixed day axis: every day of the chosen range, so one day of data
// is one narrow bar among empty days, not a bar across the whole chart.
// `from` and `to` are org-local calendar days (YYYY-MM-DD, as the dashboard
// scope gives them, lib/dashboard/dashboard-scope.ts): the axis is calendar
// arithmetic on those dates, so a 23- or 25-hour DST day is still one day.
// Pure: the charts (client components) call these.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

/** Every day from `from` to `to`, both included; [] when `from` is after `to`. */
export function dayAxis(from: string, to: string): string[] {
  if (!DAY.test(from) || !DAY.test(to)) throw new Error(`dayAxis: days are YYYY-MM-DD, got "${from}" and "${to}"`);
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
    if (days.length > MAX_DAYS) throw new Error(`dayAxis: a range covers at most ${MAX_DAYS} days`);
  }
  return days;
}

/** One entry per day of the range, in order: the row of that day, or `blank(day)` where there is none. Rows outside the range are dropped. */
export function fillDays<T extends { day: string }>(rows: readonly T[], from: string, to: string, blank: (day: string) => T): T[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return dayAxis(from, to).map((day) => byDay.get(day) ?? blank(day));
}

export const CHART_TIERS = ["premium", "mid", "economy", "unknown"] as const;
export type ChartTier = (typeof CHART_TIERS)[number];
export type TierDay = { day: string } & Record<ChartTier, number>;

/**
 * Daily spend rows (one per day and tier) as one chart point per day of the range, each tier
 * zero where it spent nothing. The numbers are chart coordinates only; amounts shown as text
 * stay decimal strings.
 */
export function spendPerDayByTier(rows: readonly { day: string; tier: string; costUsd: string }[], from: string, to: string): TierDay[] {
  const byDay = new Map<string, TierDay>();
  for (const r of rows) {
    const tier: ChartTier = (CHART_TIERS as readonly string[]).includes(r.tier) ? (r.tier as ChartTier) : "unknown";
    const entry = byDay.get(r.day) ?? { day: r.day, premium: 0, mid: 0, economy: 0, unknown: 0 };
    entry[tier] += Number(r.costUsd);
    byDay.set(r.day, entry);
  }
  return fillDays([...byDay.values()], from, to, (day) => ({ day, premium: 0, mid: 0, economy: 0, unknown: 0 }));
}
