import { describe, expect, it } from "vitest";
import { dateRangePresets } from "./date-range-presets";

const ranges = (now: string, tz: string) => Object.fromEntries(dateRangePresets(new Date(now), tz).map((p) => [p.id, [p.from, p.to]]));

describe("dateRangePresets", () => {
  it("gives each preset's org-local days, today included", () => {
    expect(ranges("2026-05-14T12:00:00Z", "UTC")).toEqual({
      today: ["2026-05-14", "2026-05-14"],
      "7d": ["2026-05-08", "2026-05-14"],
      "30d": ["2026-04-15", "2026-05-14"],
      mtd: ["2026-05-01", "2026-05-14"],
      "last-month": ["2026-04-01", "2026-04-30"],
      qtd: ["2026-04-01", "2026-05-14"],
    });
  });

  it("takes today in the org's timezone, not the server's", () => {
    // 23:30 UTC on 31 March is already 1 April in Tokyo and still 31 March in Los Angeles.
    const tokyo = ranges("2026-03-31T23:30:00Z", "Asia/Tokyo");
    expect(tokyo.today).toEqual(["2026-04-01", "2026-04-01"]);
    expect(tokyo.mtd).toEqual(["2026-04-01", "2026-04-01"]);
    expect(tokyo.qtd).toEqual(["2026-04-01", "2026-04-01"]);
    expect(tokyo["last-month"]).toEqual(["2026-03-01", "2026-03-31"]);
    const la = ranges("2026-04-01T03:00:00Z", "America/Los_Angeles");
    expect(la.today).toEqual(["2026-03-31", "2026-03-31"]);
    expect(la.qtd).toEqual(["2026-01-01", "2026-03-31"]);
    expect(la["last-month"]).toEqual(["2026-02-01", "2026-02-28"]);
  });

  it("crosses year ends and leap days", () => {
    const jan = ranges("2028-01-03T10:00:00Z", "UTC");
    expect(jan["last-month"]).toEqual(["2027-12-01", "2027-12-31"]);
    expect(jan["7d"]).toEqual(["2027-12-28", "2028-01-03"]);
    expect(jan.qtd).toEqual(["2028-01-01", "2028-01-03"]);
    expect(ranges("2028-03-10T10:00:00Z", "UTC")["last-month"]).toEqual(["2028-02-01", "2028-02-29"]);
  });

  it("keeps whole calendar days across a DST change", () => {
    // Europe/Berlin springs forward on 2026-03-29.
    expect(ranges("2026-04-02T08:00:00Z", "Europe/Berlin")["7d"]).toEqual(["2026-03-27", "2026-04-02"]);
  });
});
