import { describe, expect, it } from "vitest";
import { MAX_ENTRY_CHARS, MAX_EVENTS_PER_ENTRY, packUsageEntries, usageEventsOfEntry } from "./usage-stream";

const line = (n: number, pad = 0) => JSON.stringify({ requestId: `r${n}`, note: "x".repeat(pad), text: "a\nb" });

describe("usage stream entries", () => {
  it("pack lines in order, at most MAX_EVENTS_PER_ENTRY per entry, and unpack to the same lines with unique ids", () => {
    const lines = Array.from({ length: MAX_EVENTS_PER_ENTRY * 2 + 5 }, (_, n) => line(n));
    const entries = packUsageEntries(lines);
    expect(entries).toHaveLength(3);
    const events = entries.flatMap((value, e) => usageEventsOfEntry(`1-${e}`, ["b", value]));
    expect(events.map((x) => x.raw)).toEqual(lines);
    expect(new Set(events.map((x) => x.id)).size).toBe(lines.length);
    expect(events[0]!.id).toBe("1-0#0");
    expect(events[MAX_EVENTS_PER_ENTRY]!.id).toBe("1-1#0");
    // A newline inside a string is escaped by JSON.stringify, so it never splits an event.
    expect(JSON.parse(events[1]!.raw)).toMatchObject({ requestId: "r1", text: "a\nb" });
  });

  it("start a new entry before it would pass MAX_ENTRY_CHARS; a line larger than that stands alone", () => {
    const big = line(0, MAX_ENTRY_CHARS);
    const mid = line(1, MAX_ENTRY_CHARS / 2);
    const entries = packUsageEntries([line(9), big, mid, mid, line(2)]);
    expect(entries.map((e) => e.split("\n").length)).toEqual([1, 1, 1, 2]);
    expect(entries.every((e, i) => i === 1 || e.length <= MAX_ENTRY_CHARS)).toBe(true);
  });

  it("nothing to pack is no entry", () => {
    expect(packUsageEntries([])).toEqual([]);
  });

  it("read a one-event entry (field e) under its own id, and an entry with neither field as one empty event", () => {
    expect(usageEventsOfEntry("5-0", ["e", "{}"])).toEqual([{ id: "5-0", raw: "{}" }]);
    expect(usageEventsOfEntry("5-1", ["x", "y"])).toEqual([{ id: "5-1", raw: "" }]);
    expect(usageEventsOfEntry("5-2", [])).toEqual([{ id: "5-2", raw: "" }]);
  });
});
