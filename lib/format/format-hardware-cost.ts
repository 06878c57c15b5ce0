// A local deployment's hardware pricing in a few words: "$0.20/h at 50% utilisation".
// The hourly cost follows the money rule for a single figure (format-usd.ts); the
// utilisation is a percentage with up to two decimals, exact (decimal.js).
import Decimal from "decimal.js";
import { formatUsd } from "./format-usd";

export function formatHardwareCost(hourlyCostUsd: string | null, expectedUtilisation: string | null): string | null {
  if (hourlyCostUsd === null) return null;
  const perHour = `${formatUsd(hourlyCostUsd)}/h`;
  if (expectedUtilisation === null) return perHour;
  return `${perHour} at ${new Decimal(expectedUtilisation).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toString()}% utilisation`;
}
