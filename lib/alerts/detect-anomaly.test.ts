import { describe, expect, it } from "vitest";
import { detectAnomaly } from "./detect-anomaly";

describe("detectAnomaly", () => {
  const steady = Array.from({ length: 28 }, (_, i) => 100 + (i % 5) * 4); // $100-$116 a day

  it("flags a spike well above the robust spread and the floor", () => {
    const v = detectAnomaly(300, steady, { k: 3.5, floorUsd: 25 });
    expect(v.anomalous).toBe(true);
    expect(v.medianUsd).toBe(108);
  });

  it("does not flag normal variation, or spikes under the dollar floor", () => {
    expect(detectAnomaly(120, steady, { k: 3.5, floorUsd: 25 }).anomalous).toBe(false);
    const pennies = Array.from({ length: 28 }, () => 0.01);
    expect(detectAnomaly(0.5, pennies, { k: 3.5, floorUsd: 5 }).anomalous).toBe(false);
    expect(detectAnomaly(6, pennies, { k: 3.5, floorUsd: 5 }).anomalous).toBe(true);
  });

  it("is not thrown off by past spikes in the baseline", () => {
    const withSpikes = [...steady.slice(0, 25), 900, 950, 1000];
    expect(detectAnomaly(300, withSpikes, { k: 3.5, floorUsd: 25 }).anomalous).toBe(true);
  });

  it("needs a baseline", () => {
    expect(detectAnomaly(1000, [], { k: 3.5, floorUsd: 1 }).anomalous).toBe(false);
  });
});
