// The org-local calendar day an hour of traffic counts under, for the
// result's per-day breakdown (the dashboards' days are org-local too).
// Cells are whole UTC hours, so in a zone with a half-hour offset an hour
// counts under the day its first minute falls in.
export function localDayOf(timezone: string): (hour: Date) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
  } catch {
    // A zone this runtime does not know: UTC days, rather than no result.
    return (hour) => hour.toISOString().slice(0, 10);
  }
  // Remembered per instant: a simulation asks once per cell, and cells share a few thousand hours
  // (formatToParts for each of 60,000 cells was half the simulation's time on bench:whatif).
  const days = new Map<number, string>();
  return (hour) => {
    const at = hour.getTime();
    let day = days.get(at);
    if (day === undefined) {
      const parts = Object.fromEntries(format.formatToParts(hour).map((p) => [p.type, p.value]));
      day = `${parts.year}-${parts.month}-${parts.day}`;
      days.set(at, day);
    }
    return day;
  };
}
