import { describe, expect, it } from "vitest";
import { defaultPriceBook } from "./default-price-book";
import { blendedPricePerMTok, tierForPrice } from "./tier-for-price";

describe("tierForPrice", () => {
  it("blends 3 input : 1 output and cuts at 15 (premium) and 3 (mid)", () => {
    expect(blendedPricePerMTok("15", "75")).toBe("30");
    expect(tierForPrice("15", "75")).toBe("premium");
    expect(tierForPrice("3", "15")).toBe("mid");
    expect(tierForPrice("1.25", "10")).toBe("mid"); // blended 3.4375
    expect(tierForPrice("1", "5")).toBe("economy"); // blended 2
    expect(tierForPrice("0", "0")).toBe("economy");
    expect(tierForPrice("11", "27")).toBe("premium"); // exactly 15
  });

  it("gives the seeded catalog models in every tier", () => {
    const tiers = new Set(defaultPriceBook.map((e) => tierForPrice(e.inputPerMTok, e.outputPerMTok)));
    expect(tiers).toEqual(new Set(["premium", "mid", "economy"]));
  });
});
