import { describe, expect, it } from "vitest";
import { BoundedMemo } from "./bounded-memo";

describe("BoundedMemo", () => {
  it("keeps at most maxEntries, the oldest going first", () => {
    const memo = new BoundedMemo<number>(2, 1000);
    memo.set("a", 1, 1);
    memo.set("b", 2, 1);
    memo.set("c", 3, 1);
    expect([memo.get("a"), memo.get("b"), memo.get("c")]).toEqual([undefined, 2, 3]);
  });

  it("keeps at most maxSize in all, never holds a value larger than that, and counts a replaced value once", () => {
    const memo = new BoundedMemo<string>(100, 10);
    memo.set("a", "x", 6);
    memo.set("b", "y", 6);
    expect(memo.get("a")).toBeUndefined();
    expect(memo.stats).toEqual({ entries: 1, size: 6 });
    memo.set("big", "z", 11);
    expect(memo.get("big")).toBeUndefined();
    memo.set("b", "y2", 3);
    expect(memo.stats).toEqual({ entries: 1, size: 3 });
    expect(memo.get("b")).toBe("y2");
  });

  it("remembers null as a value", () => {
    const memo = new BoundedMemo<Buffer | null>(10, 10);
    memo.set("none", null, 0);
    expect(memo.get("none")).toBeNull();
  });
});
