import { describe, expect, it } from "vitest";
import { BASE_EFFECTIVE_FROM } from "../catalog/public-prices/map-public-prices";
import { formatPriceSince } from "./format-price-since";

const DATASET = "@pydantic/genai-prices@0.1.8 (imported 2026-12-01)";

describe("formatPriceSince", () => {
  it("shows a dated version as its UTC day, whatever its source", () => {
    expect(formatPriceSince(new Date("2026-06-01T00:00:00Z"), DATASET)).toEqual({ undated: false, label: "2026-06-01", phrase: "from 2026-06-01", explanation: null });
    expect(formatPriceSince(new Date("2026-03-04T23:30:00Z"), "entered in the UI").label).toBe("2026-03-04");
    expect(formatPriceSince(new Date("2026-03-04T23:30:00Z"), null).label).toBe("2026-03-04");
  });

  it("never shows the stand-in date of an undated public price as a day", () => {
    const since = formatPriceSince(new Date(BASE_EFFECTIVE_FROM), DATASET);
    expect(since).toMatchObject({ undated: true, label: "undated (public dataset)", phrase: "from the public dataset, undated" });
    expect(since.label).not.toContain("2000");
    expect(since.explanation).toBe("The public price dataset gives this price no start date: it applies since before the dataset's history (stored as 2000-01-01).");
  });

  it("calls a stand-in date from another source undated without claiming the dataset", () => {
    for (const source of [null, undefined, "price book import", "genai-prices"]) {
      const since = formatPriceSince(new Date(BASE_EFFECTIVE_FROM), source);
      expect(since).toMatchObject({ undated: true, label: "undated", phrase: "undated" });
      expect(since.explanation).toMatch(/^This price has no start date/);
    }
  });

  it("is the exact stand-in instant only: a millisecond or a day off is a real date", () => {
    expect(formatPriceSince(new Date(Date.parse(BASE_EFFECTIVE_FROM) + 1), DATASET)).toMatchObject({ undated: false, label: "2000-01-01" });
    expect(formatPriceSince(new Date("2000-01-02T00:00:00Z"), DATASET)).toMatchObject({ undated: false, label: "2000-01-02" });
  });
});
