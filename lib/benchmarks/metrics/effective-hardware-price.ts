// A local deployment costs its machine's hours, not tokens. Its measured
// aggregate output throughput turns $/h into an effective price per 1M output
// tokens, comparable with cloud prices:
//   $/1M output tokens = ($/h) / (tokens/s x 3,600 / 10^6) / utilisation
// (at utilisation u, only u of the hours do useful work, so each token costs 1/u more).
// Exact with decimal.js from the decimal-string inputs, rounded once to 6
// decimals (ModelPrice columns are Decimal(14,6)), up: a derived price never
// undercharges a budget by the rounding.
import Decimal from "decimal.js";

const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const PRICE_DECIMALS = 6;
// Decimal(14,6) holds at most 8 digits before the point.
const MAX_PRICE = new Exact("99999999.999999");
const PLAIN_DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;

export interface HardwarePriceInput {
  /** The machine's cost per hour, a plain decimal string ("1.20"). */
  hourlyCostUsd: string;
  /** The share of hours the machine serves at the measured rate, in (0, 1], a decimal string ("0.6"). */
  utilisation: string;
  /** Measured aggregate output tokens per second (a run's output throughput). */
  outputTokensPerSec: number;
}

/** USD per 1M output tokens as a decimal string with 6 decimals, e.g. "6.944444". */
export function effectiveHardwarePricePerMTok(input: HardwarePriceInput): string {
  const { hourlyCostUsd, utilisation, outputTokensPerSec } = input;
  if (typeof hourlyCostUsd !== "string" || !PLAIN_DECIMAL.test(hourlyCostUsd)) {
    throw new RangeError(`hourlyCostUsd must be a non-negative plain decimal like "1.20", got ${JSON.stringify(String(hourlyCostUsd).slice(0, 40))}`);
  }
  if (typeof utilisation !== "string" || !PLAIN_DECIMAL.test(utilisation)) {
    throw new RangeError(`utilisation must be a plain decimal in (0, 1] like "0.6", got ${JSON.stringify(String(utilisation).slice(0, 40))}`);
  }
  const u = new Exact(utilisation);
  if (u.lte(0) || u.gt(1)) throw new RangeError(`utilisation must be above 0 and at most 1, got ${utilisation}`);
  if (typeof outputTokensPerSec !== "number" || !Number.isFinite(outputTokensPerSec) || outputTokensPerSec <= 0) {
    throw new RangeError(`outputTokensPerSec must be a positive finite number, got ${outputTokensPerSec}`);
  }
  // The float's shortest decimal form (what it prints as) is the measured value; from here on all is exact.
  const tokensPerSec = new Exact(String(outputTokensPerSec));
  const millionTokensPerHour = tokensPerSec.times(3600).div(1e6);
  const price = new Exact(hourlyCostUsd).div(millionTokensPerHour).div(u);
  if (price.gt(MAX_PRICE)) {
    throw new RangeError(`effective price ${price.toSignificantDigits(6).toString()} USD per 1M tokens does not fit a price column (throughput ${outputTokensPerSec} tokens/s is too low)`);
  }
  return price.toDecimalPlaces(PRICE_DECIMALS, Decimal.ROUND_UP).toFixed(PRICE_DECIMALS);
}
