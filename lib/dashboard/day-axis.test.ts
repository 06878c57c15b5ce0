import { describe, expect, it } from "vitest";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { dayAxis, fillDays, spendPerDayByTier } from "./day-axis";

describe("dayAxis", () => {
  it("lists every day of the range, both ends included", () => {
    expect(dayAxis("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(dayAxis("2026-11-20", "2026-11-20")).toEqual(["2026-11-20"]);
    expect(dayAxis("2026-11-21", "2026-11-20")).toEqual([]);
    expect(dayAxis("2025-12-31", "2026-12-30")).toHaveLength(365);
  });
  it("counts org-local calendar days: a DST change in the org's timezone is still one day each", () => {
    // New York leaves DST on 2026-11-01 (a 25-hour day) and enters it on 2026-03-08 (23 hours).
    const tz = "America/New_York";
    const local = (iso: string) => format(new TZDate(Date.parse(iso), tz), "yyyy-MM-dd");
    // 04:30Z on Nov 1 is 00:30 EDT on Nov 1; 04:30Z on Nov 3 is 23:30 EST on Nov 2.
    expect(dayAxis(local("2026-11-01T04:30:00Z"), local("2026-11-03T04:30:00Z"))).toEqual(["2026-11-01", "2026-11-02"]);
    expect(dayAxis("2026-03-07", "2026-03-09")).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
    // A 30-day range ending on Tokyo's today (already December 1 at 23:30Z on November 30) ends on December 1.
    const tokyoToday = format(new TZDate(Date.parse("2026-11-30T23:30:00Z"), "Asia/Tokyo"), "yyyy-MM-dd");
    const axis = dayAxis("2026-11-02", tokyoToday);
    expect(axis).toHaveLength(30);
    expect(axis.at(-1)).toBe("2026-12-01");
  });
  it("refuses malformed days and ranges longer than a year and a day", () => {
    expect(() => dayAxis("2026-1-1", "2026-01-05")).toThrow(/YYYY-MM-DD/);
    expect(() => dayAxis("2020-01-01", "2026-01-01")).toThrow(/at most 366/);
  });
});

describe("fillDays", () => {
  it("keeps the rows of the range in day order and fills the missing days", () => {
    const rows = [{ day: "2026-11-03", n: 5 }, { day: "2026-11-01", n: 2 }, { day: "2026-10-31", n: 9 }];
    expect(fillDays(rows, "2026-11-01", "2026-11-04", (day) => ({ day, n: 0 }))).toEqual([
      { day: "2026-11-01", n: 2 }, { day: "2026-11-02", n: 0 }, { day: "2026-11-03", n: 5 }, { day: "2026-11-04", n: 0 },
    ]);
  });
});

describe("spendPerDayByTier", () => {
  it("with one day of data gives every day of the range, the others zero in every tier", () => {
    const points = spendPerDayByTier([{ day: "2026-11-30", tier: "mid", costUsd: "1.500000000" }, { day: "2026-11-30", tier: "economy", costUsd: "0.25" }], "2026-11-01", "2026-11-30");
    expect(points).toHaveLength(30);
    expect(points[29]).toEqual({ day: "2026-11-30", premium: 0, mid: 1.5, economy: 0.25, unknown: 0 });
    expect(points.slice(0, 29).every((p) => p.premium + p.mid + p.economy + p.unknown === 0)).toBe(true);
    expect(points[0]!.day).toBe("2026-11-01");
  });
  it("puts a tier it does not know under unknown", () => {
    expect(spendPerDayByTier([{ day: "2026-11-01", tier: "other", costUsd: "2" }], "2026-11-01", "2026-11-01")).toEqual([{ day: "2026-11-01", premium: 0, mid: 0, economy: 0, unknown: 2 }]);
  });
});
