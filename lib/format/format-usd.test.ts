import { describe, expect, it } from "vitest";
import { formatCount, formatUsd } from "./format-usd";

describe("formatUsd", () => {
  it("groups thousands and rounds half to even without floats", () => {
    expect(formatUsd("1234567.125")).toBe("$1,234,567.12");
    expect(formatUsd("0.135")).toBe("$0.14");
    expect(formatUsd("-12.5")).toBe("-$12.50");
    expect(formatUsd("0")).toBe("$0.00");
  });
  it("keeps sub-cent amounts visible", () => {
    expect(formatUsd("0.000650000")).toBe("$0.000650");
  });
  it("formats counts", () => {
    expect(formatCount(33622)).toBe("33,622");
  });
});
