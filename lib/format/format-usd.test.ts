import { describe, expect, it } from "vitest";
import { formatUsd, formatUsdAt, formatUsdColumn, formatUsdEstimate, formatUsdExact, usdDecimalsFor } from "./format-usd";

describe("formatUsd (a single figure)", () => {
  it("groups thousands and rounds half to even without floats", () => {
    expect(formatUsd("1234567.125")).toBe("$1,234,567.12");
    expect(formatUsd("0.135")).toBe("$0.14");
    expect(formatUsd("-12.5")).toBe("-$12.50");
    expect(formatUsd("0")).toBe("$0.00");
    expect(formatUsd("123456789012345678.005")).toBe("$123,456,789,012,345,678.00");
  });
  it("keeps sub-cent amounts visible with 2 significant digits", () => {
    expect(formatUsd("0.000650000")).toBe("$0.00065");
    expect(formatUsd("0.009570")).toBe("$0.0096");
    expect(formatUsd("0.0000000004")).toBe("<$0.000001");
  });
  it("shows fixed decimals when asked, and the exact stored value", () => {
    expect(formatUsd("0.002475", { decimals: 9 })).toBe("$0.002475000");
    expect(formatUsdExact("1234.000000001")).toBe("$1,234.000000001");
  });
  it("shows statistical estimates (floats) in grouped dollars and cents", () => {
    expect(formatUsdEstimate(12345.678)).toBe("$12,345.68");
    expect(formatUsdEstimate(0.004)).toBe("$0.00");
  });
});

describe("formatUsdColumn (one precision per column)", () => {
  it("never mixes $31.52 with $0.009570: a column with a dollar amount is in cents", () => {
    expect(formatUsdColumn(["31.52", "0.009570", "0.0042", "0", null])).toEqual(["$31.52", "$0.01", "<$0.01", "$0.00", null]);
    expect(usdDecimalsFor(["1", "0.000001"])).toBe(2);
  });
  it("uses cents when every non-zero value is at least a cent", () => {
    expect(formatUsdColumn(["0.5", "0.012"])).toEqual(["$0.50", "$0.01"]);
    expect(usdDecimalsFor([])).toBe(2);
    expect(usdDecimalsFor(["0", null])).toBe(2);
  });
  it("gives a small column enough decimals for its smallest non-zero value, the same for every row", () => {
    expect(formatUsdColumn(["0.002475", "0.000055", "0.4"])).toEqual(["$0.002475", "$0.000055", "$0.400000"]);
    expect(formatUsdColumn(["0.009570", "0.0031"])).toEqual(["$0.0096", "$0.0031"]);
    expect(usdDecimalsFor(["0.005"])).toBe(4);
  });
  it("stops at the bound (6 decimals on dashboards) and says '<' below it; the request log allows 9", () => {
    expect(formatUsdColumn(["0.000000123", "0.0001"])).toEqual(["<$0.000001", "$0.000100"]);
    expect(formatUsdColumn(["0.000000123", "0.0001"], { maxDecimals: 9 })).toEqual(["$0.00000012", "$0.00010000"]);
  });
  it("signs negative amounts (changes) and measures them by magnitude", () => {
    expect(formatUsdColumn(["-0.0042", "0.0011"])).toEqual(["-$0.0042", "$0.0011"]);
    expect(formatUsdAt("-0.001", 2)).toBe("-<$0.01");
  });
});
