import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { divideHalfEven, splitCount } from "./divide-half-even";

describe("divideHalfEven", () => {
  it("rounds halves to the even neighbour and everything else to the nearest", () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n); // 2.5
    expect(divideHalfEven(7n, 2n)).toBe(4n); // 3.5
    expect(divideHalfEven(10n, 4n)).toBe(2n); // 2.5
    expect(divideHalfEven(11n, 4n)).toBe(3n); // 2.75
    expect(divideHalfEven(9n, 4n)).toBe(2n); // 2.25
    expect(divideHalfEven(0n, 7n)).toBe(0n);
    expect(() => divideHalfEven(-1n, 2n)).toThrow(RangeError);
    expect(() => divideHalfEven(1n, 0n)).toThrow(RangeError);
  });

  it("is within half a unit of the exact quotient", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const q = divideHalfEven(n, d);
        const diff = q * d - n; // (q - n/d) * d
        expect(diff * 2n <= d && diff * 2n >= -d).toBe(true);
      }),
    );
  });
});

describe("splitCount", () => {
  it("never loses or invents a unit", () => {
    expect(splitCount(7, 30n, 100n)).toEqual([2, 5]); // 2.1 -> 2
    expect(splitCount(5, 50n, 100n)).toEqual([2, 3]); // 2.5 -> 2 (even)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 100 }), (count, share) => {
        const [part, rest] = splitCount(count, BigInt(share), 100n);
        expect(part + rest).toBe(count);
        expect(part >= 0 && rest >= 0).toBe(true);
      }),
    );
  });
});
