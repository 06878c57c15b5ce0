import { describe, expect, it } from "vitest";
import { RunSpend } from "./run-spend";

describe("RunSpend", () => {
  it("sums each kind exactly and the total is their sum", () => {
    const spend = new RunSpend();
    spend.add("warmup", "0.000013500");
    for (let i = 0; i < 3; i++) spend.add("measured", "0.1");
    spend.add("measured", null);
    spend.add("judge", "0.000000001");
    spend.add("judge", "0.2");
    spend.add("judge", null);
    expect(spend.totalNano).toBe(13_500n + 300_000_000n + 1n + 200_000_000n);
    expect(spend.summary()).toEqual({
      totalUsd: "0.500013501", measuredUsd: "0.300000000", warmupUsd: "0.000013500", warmupRequests: 1,
      judgeUsd: "0.200000001", judgeCalls: 3, judgeUnpricedCalls: 1,
    });
  });
  it("starts at zero", () => {
    expect(new RunSpend().summary()).toEqual({ totalUsd: "0.000000000", measuredUsd: "0.000000000", warmupUsd: "0.000000000", warmupRequests: 0, judgeUsd: "0.000000000", judgeCalls: 0, judgeUnpricedCalls: 0 });
  });
});
