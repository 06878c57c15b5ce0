import { describe, expect, it } from "vitest";
import { usdToNano } from "../money/nano-usd";
import { sizeDemoBudget } from "./size-demo-budget";

describe("sizeDemoBudget", () => {
  it("sizes the amount so the spend is the given share of it, rounded up to two significant figures", () => {
    expect(sizeDemoBudget(usdToNano("6.17"), 50)).toBe("13.00");
    expect(sizeDemoBudget(usdToNano("1234.5"), 65)).toBe("1900.00");
    expect(sizeDemoBudget(usdToNano("0.617"), 50)).toBe("1.30");
  });
  it("keeps the utilisation at or under the target (rounding only ever raises the amount)", () => {
    for (const usd of ["0.5", "3.333333333", "98.76", "45678.9"]) {
      const amount = usdToNano(sizeDemoBudget(usdToNano(usd), 78));
      expect(usdToNano(usd) * 100n).toBeLessThanOrEqual(amount * 78n);
    }
  });
  it("can size a budget that the spend is over (115%)", () => {
    const amount = usdToNano(sizeDemoBudget(usdToNano("115"), 115));
    expect(amount).toBe(usdToNano("100"));
  });
  it("is at least one dollar when (almost) nothing was spent yet", () => {
    expect(sizeDemoBudget(0n, 45)).toBe("1.00");
    expect(sizeDemoBudget(usdToNano("0.02"), 45)).toBe("1.00");
  });
});
