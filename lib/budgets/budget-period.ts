// Budget periods are calendar-aligned in the org's timezone: a day starts
// at local midnight, a week on Monday (ISO), a month on the 1st. DST days
// are 23 or 25 hours long; date-fns on a TZDate handles that.
import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, startOfDay, startOfISOWeek, startOfMonth } from "date-fns";

export type BudgetPeriod = "day" | "week" | "month";

export interface PeriodWindow {
  start: Date;
  end: Date;
}

// Computing a window costs tens of microseconds (timezone arithmetic); the
// proxy asks for the same current window on every request, so the last one
// per period and zone is kept while `at` falls inside it.
const current = new Map<string, PeriodWindow>();

export function periodWindow(period: BudgetPeriod, timezone: string, at: Date): PeriodWindow {
  const cacheKey = `${period}|${timezone}`;
  const hit = current.get(cacheKey);
  const t = at.getTime();
  if (hit && t >= hit.start.getTime() && t < hit.end.getTime()) return hit;
  const window = computeWindow(period, timezone, at);
  if (current.size > 1000) current.clear();
  current.set(cacheKey, window);
  return window;
}

function computeWindow(period: BudgetPeriod, timezone: string, at: Date): PeriodWindow {
  const local = new TZDate(at.getTime(), timezone);
  const start = period === "day" ? startOfDay(local) : period === "week" ? startOfISOWeek(local) : startOfMonth(local);
  const end = period === "day" ? addDays(start, 1) : period === "week" ? addWeeks(start, 1) : addMonths(start, 1);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

/** True when `timezone` is an IANA zone this runtime knows. */
export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
