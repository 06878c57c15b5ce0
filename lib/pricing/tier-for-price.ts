// A model's tier from its blended price (3 input : 1 output tokens, USD per
// 1M tokens). The published bands overlap (premium 15-75, mid 3-15, economy
// 0.25-4), so the cut points are: blended >= 15 premium, >= 3 mid, else economy.
// An admin override (Model.tierOverride) wins over this.
import Decimal from "decimal.js";

export type Tier = "premium" | "mid" | "economy";

export const TIER_CUTS = { premium: "15", mid: "3" } as const;

export function blendedPricePerMTok(inputPerMTok: string, outputPerMTok: string): string {
  return new Decimal(inputPerMTok).mul(3).add(outputPerMTok).div(4).toString();
}

export function tierForPrice(inputPerMTok: string, outputPerMTok: string): Tier {
  const blended = new Decimal(blendedPricePerMTok(inputPerMTok, outputPerMTok));
  if (blended.gte(TIER_CUTS.premium)) return "premium";
  if (blended.gte(TIER_CUTS.mid)) return "mid";
  return "economy";
}
