import { describe, expect, it } from "vitest";
import { formatMs, formatNumber } from "./format-number";

describe("formatNumber", () => {
  it("groups thousands in en-US for numbers, bigints and decimal strings, exactly", () => {
    expect(formatNumber(33622)).toBe("33,622");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(-1234567)).toBe("-1,234,567");
    expect(formatNumber(12345678901234567890n)).toBe("12,345,678,901,234,567,890");
    expect(formatNumber("12345678901234567891")).toBe("12,345,678,901,234,567,891");
  });
  it("shows a fixed number of decimals, half to even", () => {
    expect(formatNumber("1234.25", { fractionDigits: 1 })).toBe("1,234.2");
    expect(formatNumber("4", { fractionDigits: 1 })).toBe("4.0");
  });
  it("refuses what is not a plain decimal instead of printing NaN", () => {
    expect(() => formatNumber("1e5")).toThrow(/plain decimal/);
  });
  it("formats milliseconds with their unit", () => {
    expect(formatMs(12345)).toBe("12,345 ms");
    expect(formatMs(null)).toBe("–");
  });
});
