import { describe, expect, it } from "vitest";
import { mayLowerCounter } from "./reconcile-budget-counters";

describe("mayLowerCounter", () => {
  const seenAt = 1_000_000;
  it("needs the same gap seen before", () => {
    expect(mayLowerCounter({ sameGapSeenAtMs: null, oldestUnstoredMs: null, openDeadLetters: 0 })).toBe(false);
  });
  it("lowers when the stream holds nothing emitted by the first sighting (plus the settle-to-emit margin)", () => {
    expect(mayLowerCounter({ sameGapSeenAtMs: seenAt, oldestUnstoredMs: null, openDeadLetters: 0 })).toBe(true);
    expect(mayLowerCounter({ sameGapSeenAtMs: seenAt, oldestUnstoredMs: seenAt + 5_001, openDeadLetters: 0 })).toBe(true);
  });
  it("never lowers while an event that old still waits for ingest", () => {
    expect(mayLowerCounter({ sameGapSeenAtMs: seenAt, oldestUnstoredMs: seenAt + 5_000, openDeadLetters: 0 })).toBe(false);
    expect(mayLowerCounter({ sameGapSeenAtMs: seenAt, oldestUnstoredMs: seenAt - 60_000, openDeadLetters: 0 })).toBe(false);
  });
  it("never lowers while the org has an open dead letter", () => {
    expect(mayLowerCounter({ sameGapSeenAtMs: seenAt, oldestUnstoredMs: null, openDeadLetters: 1 })).toBe(false);
  });
});
