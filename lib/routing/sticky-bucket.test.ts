import { describe, expect, it } from "vitest";
import { stickyBucket } from "./sticky-bucket";

describe("stickyBucket", () => {
  it("is stable for a key and rule, in 0..99", () => {
    expect(stickyBucket("r1", "user-42")).toBe(stickyBucket("r1", "user-42"));
    for (let i = 0; i < 1000; i++) {
      const b = stickyBucket("r1", `u${i}`);
      expect(Number.isInteger(b) && b >= 0 && b < 100).toBe(true);
    }
  });

  it("spreads 10,000 users evenly over the buckets (each decile within ±2% of 10%)", () => {
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) deciles[Math.floor(stickyBucket("split-rule", `user-${i}`) / 10)]!++;
    for (const n of deciles) expect(Math.abs(n - 1000)).toBeLessThan(200);
  });

  it("buckets the same users independently for different rules", () => {
    let same = 0;
    for (let i = 0; i < 10_000; i++) if (stickyBucket("rule-a", `user-${i}`) < 50 === stickyBucket("rule-b", `user-${i}`) < 50) same++;
    expect(Math.abs(same - 5000)).toBeLessThan(300);
  });

  it("hashes non-ASCII keys by their UTF-8 bytes", () => {
    expect(stickyBucket("r", "zoë")).not.toBe(stickyBucket("r", "zoe"));
    expect(stickyBucket("r", "用户")).toBe(stickyBucket("r", "用户"));
  });
});
