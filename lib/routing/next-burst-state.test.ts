import { describe, expect, it } from "vitest";
import { nextBurstState, type LocalCapacity } from "./next-burst-state";

const cap: LocalCapacity = { maxConcurrent: 4, resumeBelowPercent: 50 };

describe("nextBurstState", () => {
  it("bursts at capacity and stays local below it", () => {
    expect(nextBurstState(false, { inFlight: 3, p95TtftMs: null }, cap)).toEqual({ bursting: false, reason: "within-capacity" });
    expect(nextBurstState(false, { inFlight: 4, p95TtftMs: null }, cap)).toEqual({ bursting: true, reason: "at-capacity" });
  });

  it("leaves a burst only below resumeBelowPercent of capacity (hysteresis)", () => {
    expect(nextBurstState(true, { inFlight: 3, p95TtftMs: null }, cap)).toEqual({ bursting: true, reason: "holding" });
    expect(nextBurstState(true, { inFlight: 2, p95TtftMs: null }, cap)).toEqual({ bursting: true, reason: "holding" });
    expect(nextBurstState(true, { inFlight: 1, p95TtftMs: null }, cap)).toEqual({ bursting: false, reason: "recovered" });
  });

  it("defaults the resume threshold to 75% of capacity", () => {
    const c = { maxConcurrent: 8 };
    expect(nextBurstState(true, { inFlight: 6, p95TtftMs: null }, c).bursting).toBe(true);
    expect(nextBurstState(true, { inFlight: 5, p95TtftMs: null }, c).bursting).toBe(false);
  });

  it("bursts while p95 TTFT is over the objective and resumes below the same share of it", () => {
    const c = { maxConcurrent: 4, ttftObjectiveMs: 800, resumeBelowPercent: 50 };
    expect(nextBurstState(false, { inFlight: 0, p95TtftMs: 900 }, c)).toEqual({ bursting: true, reason: "ttft-over-objective" });
    expect(nextBurstState(false, { inFlight: 0, p95TtftMs: 800 }, c).bursting).toBe(false);
    expect(nextBurstState(true, { inFlight: 0, p95TtftMs: 500 }, c)).toEqual({ bursting: true, reason: "holding" });
    expect(nextBurstState(true, { inFlight: 0, p95TtftMs: 399 }, c)).toEqual({ bursting: false, reason: "recovered" });
    // Without recent samples TTFT neither starts nor holds a burst.
    expect(nextBurstState(true, { inFlight: 0, p95TtftMs: null }, c).bursting).toBe(false);
  });

  it("does not flap under load oscillating around capacity", () => {
    let bursting = false;
    const flips: number[] = [];
    const load = [3, 4, 3, 4, 3, 3, 4, 3, 2, 3, 4, 1, 0];
    load.forEach((inFlight, i) => {
      const next = nextBurstState(bursting, { inFlight, p95TtftMs: null }, cap).bursting;
      if (next !== bursting) flips.push(i);
      bursting = next;
    });
    expect(flips).toEqual([1, 11]);
  });
});
