import { describe, expect, it } from "vitest";
import { formatHardwareCost } from "./format-hardware-cost";

describe("formatHardwareCost", () => {
  it("says $/h and the utilisation as a percentage", () => {
    expect(formatHardwareCost("0.2", "0.5")).toBe("$0.20/h at 50% utilisation");
    expect(formatHardwareCost("1234.5", "1")).toBe("$1,234.50/h at 100% utilisation");
    expect(formatHardwareCost("0.004", "0.3333")).toBe("$0.0040/h at 33.33% utilisation");
    expect(formatHardwareCost("0", "0.0001")).toBe("$0.00/h at 0.01% utilisation");
  });
  it("shows the hourly cost alone without a utilisation, and nothing without an hourly cost", () => {
    expect(formatHardwareCost("0.2", null)).toBe("$0.20/h");
    expect(formatHardwareCost(null, null)).toBeNull();
  });
});
