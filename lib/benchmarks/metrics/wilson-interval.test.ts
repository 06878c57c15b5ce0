import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson-interval";

describe("wilsonInterval", () => {
  it("matches the published 95% Wilson interval for 8 of 10 (0.4902 to 0.9433)", () => {
    const i = wilsonInterval(8, 10)!;
    expect(i.low).toBeCloseTo(0.49015684672, 10);
    expect(i.high).toBeCloseTo(0.94331905202, 10);
  });

  it("is symmetric around one half for 50 of 100", () => {
    const i = wilsonInterval(50, 100)!;
    expect(i.low).toBeCloseTo(0.40382982859, 10);
    expect(i.high).toBeCloseTo(1 - i.low, 12);
  });

  it("is not zero-width at 0 or n passes, and its bounds are exactly 0 and 1 there", () => {
    expect(wilsonInterval(0, 20)).toEqual({ low: 0, high: expect.closeTo(0.16113012549, 10) });
    expect(wilsonInterval(20, 20)).toEqual({ low: expect.closeTo(0.83886987451, 10), high: 1 });
    expect(wilsonInterval(1, 1)).toEqual({ low: expect.closeTo(0.20654329147, 10), high: 1 });
  });

  it("widens with z (99% with z = 2.576)", () => {
    const i = wilsonInterval(8, 10, 2.576)!;
    expect(i.low).toBeCloseTo(0.40079598765, 10);
    expect(i.high).toBeCloseTo(0.95987248973, 10);
  });

  it("is null when nothing was graded", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/passes must be an integer between 0 and n/);
    expect(() => wilsonInterval(-1, 10)).toThrow(/passes/);
    expect(() => wilsonInterval(1.5, 10)).toThrow(/passes/);
    expect(() => wilsonInterval(1, Number.NaN)).toThrow(/n must be/);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(/z must be/);
  });
});
