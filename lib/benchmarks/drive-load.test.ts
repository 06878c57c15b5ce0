import { describe, expect, it } from "vitest";
import { driveLoad } from "./drive-load";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tracker(delayMs: number) {
  let inFlight = 0;
  let peak = 0;
  const startedAt: number[] = [];
  const send = async (_item: number, index: number) => {
    startedAt[index] = performance.now();
    inFlight++;
    peak = Math.max(peak, inFlight);
    await sleep(delayMs);
    inFlight--;
  };
  return { send, peak: () => peak, startedAt };
}

describe("driveLoad", () => {
  it("sequential sends one at a time, in order, all of them", async () => {
    const t = tracker(2);
    const result = await driveLoad({ items: [1, 2, 3, 4, 5], profile: { kind: "sequential" }, send: t.send, shouldStop: () => false });
    expect(result.started).toBe(5);
    expect(t.peak()).toBe(1);
    expect(t.startedAt.every((v, i) => i === 0 || v >= t.startedAt[i - 1]!)).toBe(true);
  });

  it("fixed concurrency keeps exactly N in flight", async () => {
    const t = tracker(10);
    await driveLoad({ items: Array.from({ length: 20 }, (_, i) => i), profile: { kind: "concurrency", concurrency: 4 }, send: t.send, shouldStop: () => false });
    expect(t.peak()).toBe(4);
  });

  it("fixed concurrency with a lane stagger spreads the lanes' first starts, then keeps N in flight", async () => {
    const t = tracker(60);
    await driveLoad({ items: Array.from({ length: 16 }, (_, i) => i), profile: { kind: "concurrency", concurrency: 4 }, laneStaggerMs: 40, send: t.send, shouldStop: () => false });
    expect(t.peak()).toBe(4);
    // Lane k's first start is k x 10 ms after lane 0's (timers never fire early by more than a millisecond).
    for (let k = 1; k < 4; k++) expect(t.startedAt[k]! - t.startedAt[0]!).toBeGreaterThanOrEqual(k * 10 - 1);
  });

  it("stops starting new requests once asked to", async () => {
    let sent = 0;
    const result = await driveLoad({ items: Array.from({ length: 50 }, (_, i) => i), profile: { kind: "concurrency", concurrency: 3 }, send: async () => { sent++; await sleep(1); }, shouldStop: () => sent >= 7 });
    expect(result.started).toBeGreaterThanOrEqual(7);
    expect(result.started).toBeLessThanOrEqual(9);
  });

  it("rate profiles start at their offsets and never exceed maxInFlight", async () => {
    const t = tracker(30);
    const offsets = [0, 10, 20, 30, 40, 50];
    const result = await driveLoad({ items: [0, 1, 2, 3, 4, 5], profile: { kind: "constant-rate", ratePerSec: 100, maxInFlight: 2 }, offsetsMs: offsets, send: t.send, shouldStop: () => false });
    expect(result.started).toBe(6);
    expect(t.peak()).toBeLessThanOrEqual(2);
    // With two 30 ms requests in flight, starts fall behind the 10 ms schedule: counted as late.
    expect(result.lateStarts).toBeGreaterThan(0);
    expect(t.startedAt[1]! - t.startedAt[0]!).toBeGreaterThanOrEqual(8);
  });

  it("a rate profile without offsets is refused", async () => {
    await expect(driveLoad({ items: [1], profile: { kind: "poisson", ratePerSec: 1, maxInFlight: 1 }, send: async () => {}, shouldStop: () => false })).rejects.toThrow(/offset/);
  });
});
