import { describe, expect, it } from "vitest";
import { describeChange, formatChange } from "./format-change";

describe("formatChange (period over period)", () => {
  it("shows the signed percentage with one decimal and separators", () => {
    expect(formatChange("104.10", "100")).toBe("+4.1%");
    expect(formatChange("88", "100")).toBe("-12.0%");
    expect(formatChange("0", "100")).toBe("-100.0%");
    expect(formatChange("100", "100")).toBe("0.0%");
    expect(formatChange("5000", "100")).toBe("+4,900.0%");
  });
  it("says 'new' when the previous period had nothing or less than a cent", () => {
    expect(formatChange("311.20", "0")).toBe("new");
    expect(formatChange("311.20", "0.009")).toBe("new");
    expect(describeChange("0.02", "0")).toEqual({ kind: "new" });
  });
  it("says 'new' instead of +119,764% when the previous period had under 1% of the current one", () => {
    expect(formatChange("311.39", "0.26")).toBe("new");
    expect(formatChange("100", "1")).toBe("+9,900.0%");
    expect(formatChange("100.01", "1")).toBe("new");
  });
  it("says nothing when both periods are under a cent", () => {
    expect(formatChange("0.004", "0.001")).toBe("–");
    expect(formatChange("0", "0")).toBe("–");
  });
});
