// The dashboard's date-range presets (today, 7 days, 30 days, month to date,
// last month, quarter to date) as org-local calendar days, the same
// YYYY-MM-DD `from`/`to` the filters take (lib/dashboard/dashboard-scope.ts).
// "Today" is today in the org's timezone; the rest is calendar arithmetic
// on that day, so DST changes do not move a boundary. Ranges end today
// (inclusive), except last month. Pure: the filters render them as links.
import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, endOfMonth, format, parseISO, startOfMonth, startOfQuarter } from "date-fns";

export interface DateRangePreset {
  id: "today" | "7d" | "30d" | "mtd" | "last-month" | "qtd";
  label: string;
  from: string;
  to: string;
}

const ymd = (d: Date) => format(d, "yyyy-MM-dd");

/** The presets for the org-local day containing `now`. */
export function dateRangePresets(now: Date, timezone: string): DateRangePreset[] {
  const todayText = format(new TZDate(now.getTime(), timezone), "yyyy-MM-dd");
  const today = parseISO(todayText);
  const lastMonth = addMonths(startOfMonth(today), -1);
  return [
    { id: "today", label: "Today", from: todayText, to: todayText },
    { id: "7d", label: "7 days", from: ymd(addDays(today, -6)), to: todayText },
    { id: "30d", label: "30 days", from: ymd(addDays(today, -29)), to: todayText },
    { id: "mtd", label: "Month to date", from: ymd(startOfMonth(today)), to: todayText },
    { id: "last-month", label: "Last month", from: ymd(lastMonth), to: ymd(endOfMonth(lastMonth)) },
    { id: "qtd", label: "Quarter to date", from: ymd(startOfQuarter(today)), to: todayText },
  ];
}
