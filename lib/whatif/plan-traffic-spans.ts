// How a scenario's whole hours are read: org-local days from the daily
// traffic rollup where that is exact, UTC hours from the hourly one
// elsewhere. A day is read whole when it lies inside the range, starts and
// ends on a UTC hour (so its cell is hour-aligned: not so in a zone offset
// by a half hour), and no price version starts inside it (a cell is priced
// at the version in effect at its start). Spans come out in time order,
// covering [from, to) exactly once.
const HOUR_MS = 3_600_000;

export interface LocalDay {
  /** The org-local calendar date, YYYY-MM-DD. */
  day: string;
  /** Local midnight, and the next one, as instants. */
  from: Date;
  to: Date;
}

export type TrafficSpan = { kind: "hours"; from: Date; to: Date } | { kind: "days"; days: string[]; from: Date; to: Date };

export function planTrafficSpans(from: Date, to: Date, localDays: readonly LocalDay[], priceChanges: readonly Date[], maxDaysPerSpan = 7): TrafficSpan[] {
  const wholeDay = (d: LocalDay) =>
    d.from >= from && d.to <= to && d.from.getTime() % HOUR_MS === 0 && d.to.getTime() % HOUR_MS === 0 && !priceChanges.some((c) => c > d.from && c < d.to);
  const spans: TrafficSpan[] = [];
  let cursor = from;
  for (const d of [...localDays].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    if (!wholeDay(d) || d.from < cursor) continue;
    if (cursor < d.from) spans.push({ kind: "hours", from: cursor, to: d.from });
    const last = spans.at(-1);
    if (last?.kind === "days" && last.to.getTime() === d.from.getTime() && last.days.length < maxDaysPerSpan) {
      last.days.push(d.day);
      last.to = d.to;
    } else {
      spans.push({ kind: "days", days: [d.day], from: d.from, to: d.to });
    }
    cursor = d.to;
  }
  if (cursor < to) spans.push({ kind: "hours", from: cursor, to });
  return spans;
}
