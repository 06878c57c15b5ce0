import { describe, expect, it } from "vitest";
import { planTrafficSpans, type LocalDay } from "./plan-traffic-spans";

const t = (iso: string) => new Date(iso);
const day = (d: string, from: string, to: string): LocalDay => ({ day: d, from: t(from), to: t(to) });
const show = (spans: ReturnType<typeof planTrafficSpans>) => spans.map((s) => (s.kind === "days" ? `days ${s.days.join(",")}` : `hours ${s.from.toISOString().slice(5, 13)}..${s.to.toISOString().slice(5, 13)}`));

// Europe/Berlin in March 2026 (UTC+1, then +2 from the 29th).
const berlin = [
  day("2026-03-01", "2026-02-28T23:00:00Z", "2026-03-01T23:00:00Z"),
  day("2026-03-02", "2026-03-01T23:00:00Z", "2026-03-02T23:00:00Z"),
  day("2026-03-03", "2026-03-02T23:00:00Z", "2026-03-03T23:00:00Z"),
  day("2026-03-04", "2026-03-03T23:00:00Z", "2026-03-04T23:00:00Z"),
];

describe("planTrafficSpans", () => {
  it("reads whole local days by day and the hours around them by hour, in order, covering the range once", () => {
    const spans = planTrafficSpans(t("2026-03-01T00:00:00Z"), t("2026-03-04T12:00:00Z"), berlin, []);
    expect(show(spans)).toEqual(["hours 03-01T00..03-01T23", "days 2026-03-02,2026-03-03", "hours 03-03T23..03-04T12"]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toEqual(spans[i - 1]!.to);
  });

  it("reads a day with a price change inside it by hour; a change at midnight does not count", () => {
    const spans = planTrafficSpans(t("2026-02-28T23:00:00Z"), t("2026-03-04T23:00:00Z"), berlin, [t("2026-03-02T12:00:00Z"), t("2026-03-03T23:00:00Z")]);
    expect(show(spans)).toEqual(["days 2026-03-01", "hours 03-01T23..03-02T23", "days 2026-03-03,2026-03-04"]);
  });

  it("reads by hour in a zone whose midnight is not on a UTC hour", () => {
    const kolkata = [day("2026-03-02", "2026-03-01T18:30:00Z", "2026-03-02T18:30:00Z")];
    expect(show(planTrafficSpans(t("2026-03-01T00:00:00Z"), t("2026-03-04T00:00:00Z"), kolkata, []))).toEqual(["hours 03-01T00..03-04T00"]);
  });

  it("caps the days per span, and reads everything by hour when no day fits", () => {
    expect(show(planTrafficSpans(t("2026-02-28T23:00:00Z"), t("2026-03-04T23:00:00Z"), berlin, [], 3))).toEqual(["days 2026-03-01,2026-03-02,2026-03-03", "days 2026-03-04"]);
    expect(show(planTrafficSpans(t("2026-03-02T00:00:00Z"), t("2026-03-02T20:00:00Z"), berlin, []))).toEqual(["hours 03-02T00..03-02T20"]);
  });
});
