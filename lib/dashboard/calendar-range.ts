// The calendar range picker's pure parts (app/(app)/_components/date-range-calendar.tsx).
// The calendar shows org-local days: a YYYY-MM-DD day becomes a Date at local
// midnight of the same calendar day and back, so the browser's own timezone
// never moves a day. A picked range is checked like the URL's (from <= to, at
// most `maxDays` days, none after the org's today) and becomes the same view
// URL with only `from` and `to` changed, as the presets do.
import { differenceInCalendarDays, format } from "date-fns";

export interface PickedRange {
  from: Date | undefined;
  to?: Date | undefined;
}

/** A YYYY-MM-DD day as a Date at local midnight of that calendar day. */
export function dayToDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** A calendar Date (local) as its YYYY-MM-DD day. */
export function dateToDay(date: Date): string {
  return format(date, "yyyy-MM-dd");
}

/** The view URL for the given params: empty ones are left out. */
export function viewHref(action: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return query ? `${action}?${query}` : action;
}

export type RangeCheck = { ok: true; from: string; to: string; days: number } | { ok: false; reason: string };

/** A picked range as org-local days; a start alone is that one day. */
export function checkPickedRange(picked: PickedRange | undefined, today: string, maxDays: number): RangeCheck {
  if (!picked?.from) return { ok: false, reason: "Pick the first day." };
  const from = dateToDay(picked.from);
  const to = dateToDay(picked.to ?? picked.from);
  if (to < from) return { ok: false, reason: "The last day comes before the first." };
  if (to > today) return { ok: false, reason: `Days after today (${today}) have no spend yet.` };
  const days = differenceInCalendarDays(dayToDate(to), dayToDate(from)) + 1;
  if (days > maxDays) return { ok: false, reason: `A range covers at most ${maxDays} days (this one ${days}).` };
  return { ok: true, from, to, days };
}
