import { describe, expect, it, vi } from "vitest";
import type { Attempt } from "./proxy-types";
import { overheadMs, upstreamDone, upstreamSent, type RequestTiming } from "./request-timing";

describe("request timing", () => {
  it("adds each attempt's upstream time once, and the overhead is the rest of the request's time", () => {
    const now = vi.spyOn(performance, "now");
    const timing: RequestTiming = { upstreamMs: 0 };
    const first = { timing, upstreamSentAt: null } as unknown as Attempt;
    const second = { timing, upstreamSentAt: null } as unknown as Attempt;
    try {
      now.mockReturnValue(1_000);
      upstreamSent(first);
      now.mockReturnValue(1_040);
      upstreamDone(first);
      now.mockReturnValue(1_090);
      upstreamDone(first); // a second report of the same attempt's end changes nothing
      upstreamSent(second);
      now.mockReturnValue(1_290);
      upstreamDone(second);
      expect(timing.upstreamMs).toBe(240);
      // Started at 990, answered at 1,300: 310 ms, of which 240 were upstreams'.
      expect(overheadMs(990, timing, 1_300)).toBe(70);
      // Never below zero (clock granularity).
      expect(overheadMs(1_100, timing, 1_300)).toBe(0);
    } finally {
      now.mockRestore();
    }
  });
});
