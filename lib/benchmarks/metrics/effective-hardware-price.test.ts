import { describe, expect, it } from "vitest";
import { effectiveHardwarePricePerMTok as price } from "./effective-hardware-price";

describe("effectiveHardwarePricePerMTok", () => {
  it("turns $/h, measured tokens/s and utilisation into $ per 1M output tokens", () => {
    // 50 tok/s = 0.18M tokens an hour; $1.20 / 0.18 = 6.666..., at 60% utilisation / 0.6 = 11.111... -> up: 11.111112
    expect(price({ hourlyCostUsd: "1.20", utilisation: "0.6", outputTokensPerSec: 50 })).toBe("11.111112");
    // The demo's stated estimate: $0.20/h, 500 tok/s, 50% -> 0.2222...
    expect(price({ hourlyCostUsd: "0.20", utilisation: "0.5", outputTokensPerSec: 500 })).toBe("0.222223");
    // 2.5 / (123.456 x 0.0036) = 5.625036000230... -> up: 5.625037
    expect(price({ hourlyCostUsd: "2.5", utilisation: "1", outputTokensPerSec: 123.456 })).toBe("5.625037");
    expect(price({ hourlyCostUsd: "0", utilisation: "1", outputTokensPerSec: 10 })).toBe("0.000000");
  });

  it("rounds once, up, at 6 decimals (a derived price never undercharges)", () => {
    // 0.0000018 / (1000 x 0.0036) = 0.0000005 exactly -> 0.000001; 0.0000162 / 10.8 = 0.0000015 -> 0.000002; exact stays exact.
    expect(price({ hourlyCostUsd: "0.0000018", utilisation: "1", outputTokensPerSec: 1000 })).toBe("0.000001");
    expect(price({ hourlyCostUsd: "3.6", utilisation: "1", outputTokensPerSec: 1000 })).toBe("1.000000");
    expect(price({ hourlyCostUsd: "0.0000162", utilisation: "1", outputTokensPerSec: 3000 })).toBe("0.000002");
  });

  it("refuses throughput that is zero, negative or not finite", () => {
    for (const outputTokensPerSec of [0, -5, Number.NaN, Infinity]) {
      expect(() => price({ hourlyCostUsd: "1", utilisation: "0.5", outputTokensPerSec })).toThrow(/outputTokensPerSec must be a positive finite number/);
    }
  });

  it("refuses utilisation outside (0, 1] and malformed amounts", () => {
    for (const utilisation of ["0", "0.000", "1.01", "2", "-0.5", "abc", "", "1e-1", " 0.5"]) {
      expect(() => price({ hourlyCostUsd: "1", utilisation, outputTokensPerSec: 10 })).toThrow(/utilisation/);
    }
    for (const hourlyCostUsd of ["-1", "1,20", "1e3", "", "NaN", "1.2.3", "1\u0000"]) {
      expect(() => price({ hourlyCostUsd, utilisation: "1", outputTokensPerSec: 10 })).toThrow(/hourlyCostUsd/);
    }
  });

  it("refuses a result too large for a Decimal(14,6) price column", () => {
    expect(() => price({ hourlyCostUsd: "1000", utilisation: "0.01", outputTokensPerSec: 0.0001 })).toThrow(/does not fit a price column/);
  });
});
