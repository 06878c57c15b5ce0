// A local model costs hardware, not tokens (DESIGN.md, "The decision half"):
//   effective $/1M output tokens = ($/h) / (tokens/s × 3,600 / 10^6) / utilisation
// Exact decimals; rounded up to the price columns' 6 decimals, so a derived
// price never undercharges a budget by the rounding.
import Decimal from "decimal.js";

export function hardwareOutputPricePerMTok(hourlyCostUsd: string, tokensPerSecond: string | number, utilisation: string): string {
  const perHour = new Decimal(hourlyCostUsd);
  const rate = new Decimal(tokensPerSecond);
  const share = new Decimal(utilisation);
  if (perHour.isNeg() || !perHour.isFinite()) throw new Error(`hourly cost must be a non-negative decimal, got ${hourlyCostUsd}`);
  if (!rate.isFinite() || rate.lte(0)) throw new Error(`tokens per second must be above 0, got ${tokensPerSecond}`);
  if (!share.isFinite() || share.lte(0) || share.gt(1)) throw new Error(`utilisation must be in (0, 1], got ${utilisation}`);
  const millionTokensPerHour = rate.times(3600).div(1_000_000);
  return perHour.div(millionTokensPerHour).div(share).toDecimalPlaces(6, Decimal.ROUND_UP).toFixed(6);
}
