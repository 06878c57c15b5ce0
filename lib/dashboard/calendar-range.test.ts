import { describe, expect, it } from "vitest";
import { checkPickedRange, dateToDay, dayToDate, viewHref } from "./calendar-range";

describe("dayToDate and dateToDay", () => {
  it("round-trip a calendar day whatever the browser's timezone", () => {
    for (const day of ["2026-01-01", "2026-03-29", "2026-10-25", "2026-12-31", "2028-02-29"]) expect(dateToDay(dayToDate(day))).toBe(day);
    const d = dayToDate("2026-03-29");
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2026, 2, 29]);
  });
});

describe("viewHref", () => {
  it("keeps the other filters, drops empty ones, and leaves a bare path without any", () => {
    expect(viewHref("/", { project: "p1", tier: undefined, model: "", from: "2026-05-01", to: "2026-05-14" })).toBe("/?project=p1&from=2026-05-01&to=2026-05-14");
    expect(viewHref("/models/usage", { model: "gpt 5/mini" })).toBe("/models/usage?model=gpt+5%2Fmini");
    expect(viewHref("/", {})).toBe("/");
  });
});

describe("checkPickedRange", () => {
  const today = "2026-05-14";
  it("gives the org-local days and their count, a start alone being one day", () => {
    expect(checkPickedRange({ from: dayToDate("2026-04-20"), to: dayToDate("2026-05-03") }, today, 366)).toEqual({ ok: true, from: "2026-04-20", to: "2026-05-03", days: 14 });
    expect(checkPickedRange({ from: dayToDate("2026-05-14") }, today, 366)).toEqual({ ok: true, from: "2026-05-14", to: "2026-05-14", days: 1 });
  });

  it("counts calendar days across a DST change", () => {
    expect(checkPickedRange({ from: dayToDate("2026-03-28"), to: dayToDate("2026-03-30") }, today, 366)).toMatchObject({ ok: true, days: 3 });
  });

  it("refuses no start, a reversed range, days after today and a range over the maximum, saying why", () => {
    expect(checkPickedRange(undefined, today, 366)).toEqual({ ok: false, reason: "Pick the first day." });
    expect(checkPickedRange({ from: dayToDate("2026-05-03"), to: dayToDate("2026-05-01") }, today, 366)).toMatchObject({ ok: false, reason: expect.stringContaining("before") });
    expect(checkPickedRange({ from: dayToDate("2026-05-10"), to: dayToDate("2026-05-15") }, today, 366)).toMatchObject({ ok: false, reason: expect.stringContaining("after today (2026-05-14)") });
    expect(checkPickedRange({ from: dayToDate("2025-05-13"), to: dayToDate("2026-05-14") }, today, 366)).toEqual({ ok: false, reason: "A range covers at most 366 days (this one 367)." });
    expect(checkPickedRange({ from: dayToDate("2025-05-14"), to: dayToDate("2026-05-14") }, today, 366)).toMatchObject({ ok: true, days: 366 });
  });
});
