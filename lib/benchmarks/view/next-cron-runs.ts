// The next times a schedule's cron fires, in its timezone, as a hint beside
// the expression ("next: 2026-12-02 09:00, 10:00, 11:00"). The same parser
// BullMQ and the API's schema use (cron-parser); an invalid expression
// gives its message instead.
import { CronExpressionParser } from "cron-parser";

export type CronPreview = { ok: true; next: Date[] } | { ok: false; message: string };

export function nextCronRuns(cron: string, timezone: string, count = 3, from = new Date()): CronPreview {
  const expr = cron.trim();
  if (expr.split(/\s+/).length !== 5) return { ok: false, message: "five fields: minute hour day-of-month month day-of-week" };
  try {
    const parsed = CronExpressionParser.parse(expr, { tz: timezone || "UTC", currentDate: from });
    return { ok: true, next: parsed.take(count).map((d) => d.toDate()) };
  } catch (error) {
    return { ok: false, message: (error as Error).message.slice(0, 200) };
  }
}

/** A time as it reads in the schedule's timezone: "2026-12-02 09:00". */
export function formatInTimezone(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: timezone || "UTC", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
