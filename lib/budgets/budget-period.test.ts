import { describe, expect, it } from "vitest";
import { periodWindow } from "./budget-period";

describe("periodWindow", () => {
  it("aligns a day to local midnight in the org's timezone", () => {
    // 2026-03-10 02:30 UTC is still 2026-03-09 in New York (UTC-4 after DST started on 03-08).
    const w = periodWindow("day", "America/New_York", new Date("2026-03-10T02:30:00Z"));
    expect(w.start.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-03-10T04:00:00.000Z");
  });

  it("gives the DST change day its 23 hours", () => {
    const w = periodWindow("day", "America/New_York", new Date("2026-03-08T12:00:00Z"));
    expect(w.start.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });

  it("starts weeks on Monday and months on the 1st, in half-hour zones too", () => {
    const week = periodWindow("week", "Asia/Kolkata", new Date("2026-11-22T20:00:00Z")); // Mon 23rd 01:30 local
    expect(week.start.toISOString()).toBe("2026-11-22T18:30:00.000Z");
    expect(week.end.toISOString()).toBe("2026-11-29T18:30:00.000Z");
    const month = periodWindow("month", "Asia/Kolkata", new Date("2026-11-30T19:00:00Z")); // Dec 1st 00:30 local
    expect(month.start.toISOString()).toBe("2026-11-30T18:30:00.000Z");
    expect(month.end.toISOString()).toBe("2026-12-31T18:30:00.000Z");
  });

  it("puts the instant of midnight in the new period", () => {
    const w = periodWindow("day", "UTC", new Date("2026-11-24T00:00:00.000Z"));
    expect(w.start.toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(periodWindow("day", "UTC", new Date("2026-11-23T23:59:59.999Z")).start.toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });
});
