// A request's cost, one line per token type: how many tokens, at which rate,
// and whether that rate is the type's own price or a fallback (a model with
// no cache-write price bills cache writes at the input rate, and so on). The
// fallback is said, never hidden behind the rate it fell back to.
import { splitUsage, type CostBreakdown, type PriceRates, type TokenUsage } from "../pricing/price-request";

export type CostLineKind = "input" | "cachedInput" | "cacheWrite" | "output" | "reasoning";

export interface CostLine {
  kind: CostLineKind;
  label: string;
  tokens: number;
  /** USD per 1M tokens actually applied. */
  ratePerMTok: string;
  /** Set when the type has no price of its own: the rate applied is this other type's. */
  pricedAs: "input" | "output" | null;
  /** Exact, 9 decimals. */
  costUsd: string;
}

export function describeCostLines(usage: TokenUsage, price: PriceRates, breakdown: CostBreakdown): CostLine[] {
  const tokens = splitUsage(usage);
  const own = (rate: string | null, fallback: "input" | "output") =>
    rate !== null ? { ratePerMTok: rate, pricedAs: null } : { ratePerMTok: fallback === "input" ? price.inputPerMTok : price.outputPerMTok, pricedAs: fallback };
  return [
    { kind: "input", label: "Input (not cached)", tokens: tokens.input, ratePerMTok: price.inputPerMTok, pricedAs: null, costUsd: breakdown.input },
    { kind: "cachedInput", label: "Cached input", tokens: tokens.cachedInput, ...own(price.cachedInputPerMTok, "input"), costUsd: breakdown.cachedInput },
    { kind: "cacheWrite", label: "Cache write", tokens: tokens.cacheWrite, ...own(price.cacheWritePerMTok, "input"), costUsd: breakdown.cacheWrite },
    { kind: "output", label: "Output (not reasoning)", tokens: tokens.output, ratePerMTok: price.outputPerMTok, pricedAs: null, costUsd: breakdown.output },
    { kind: "reasoning", label: "Reasoning", tokens: tokens.reasoning, ...own(price.reasoningPerMTok, "output"), costUsd: breakdown.reasoning },
  ];
}
