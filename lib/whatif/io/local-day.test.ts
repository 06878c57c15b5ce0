import { describe, expect, it } from "vitest";
import { localDayOf } from "./local-day";

describe("the org-local day of an hour of traffic", () => {
  it("is the UTC date in UTC, and the local date elsewhere", () => {
    const hour = new Date("2026-03-01T23:00:00Z");
    expect(localDayOf("UTC")(hour)).toBe("2026-03-01");
    expect(localDayOf("Europe/Berlin")(hour)).toBe("2026-03-02");
    expect(localDayOf("America/New_York")(new Date("2026-03-02T03:00:00Z"))).toBe("2026-03-01");
  });

  it("counts an hour under the day its first minute falls in (half-hour zones)", () => {
    expect(localDayOf("Asia/Kolkata")(new Date("2026-03-01T18:00:00Z"))).toBe("2026-03-01");
    expect(localDayOf("Asia/Kolkata")(new Date("2026-03-01T19:00:00Z"))).toBe("2026-03-02");
  });

  it("answers each instant the same way every time it is asked, across a DST change", () => {
    const dayOf = localDayOf("America/New_York");
    // 2026-11-01: New York falls back at 06:00Z; hours either side, asked twice and out of order.
    const hours = ["2026-11-01T03:00:00Z", "2026-11-01T04:00:00Z", "2026-11-02T04:00:00Z", "2026-11-02T05:00:00Z", "2026-11-01T03:00:00Z", "2026-11-02T04:00:00Z"].map((h) => new Date(h));
    expect(hours.map(dayOf)).toEqual(["2026-10-31", "2026-11-01", "2026-11-01", "2026-11-02", "2026-10-31", "2026-11-01"]);
  });

  it("falls back to UTC days for a zone the runtime does not know", () => {
    expect(localDayOf("Mars/Olympus")(new Date("2026-03-01T23:00:00Z"))).toBe("2026-03-01");
  });
});
