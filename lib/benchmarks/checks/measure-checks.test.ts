import { describe, expect, it } from "vitest";
import { checkCost, checkLatency } from "./measure-checks";

describe("latency", () => {
  it("passes at or under the threshold", () => {
    expect(checkLatency(850, 1000)).toMatchObject({ pass: true, reason: "end-to-end latency 850 ms ≤ threshold 1000 ms" });
    expect(checkLatency(1000, 1000).pass).toBe(true);
    expect(checkLatency(1000.4, 1000).pass).toBe(false);
  });

  it("fails with a reason when no latency was measured or no threshold is set", () => {
    expect(checkLatency(null, 1000)).toMatchObject({ pass: false, error: true, reason: expect.stringMatching(/no end-to-end latency/) });
    expect(checkLatency(500, undefined)).toMatchObject({ error: true });
  });
});

describe("cost", () => {
  it("compares decimal strings exactly, with no float rounding", () => {
    // As floats, 0.1 + 0.2 > 0.3; as decimals a cost of exactly 0.3 is within a 0.3 threshold.
    expect(checkCost("0.300000000", 0.3).pass).toBe(true);
    expect(checkCost("0.300000001", 0.3).pass).toBe(false);
    expect(checkCost("0.001000000", 0.001).pass).toBe(true);
    expect(checkCost("0.000000001", 1e-9).pass).toBe(true);
    expect(checkCost("0.000000002", 1e-9)).toMatchObject({ pass: false, reason: "cost $0.000000002 > threshold $0.000000001" });
  });

  it("fails an unpriced request with a clear reason", () => {
    expect(checkCost(null, 0.01)).toMatchObject({ pass: false, error: true, reason: expect.stringMatching(/unpriced/) });
    expect(checkCost("1e-3", 0.01)).toMatchObject({ error: true });
    expect(checkCost("0.1", undefined)).toMatchObject({ error: true });
  });
});
