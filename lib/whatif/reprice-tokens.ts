// The cost of some of a source model's tokens had the target model served
// them: the target's price version in effect at the cell's hour (its start:
// a price change inside an hour applies from the next one), the tokens
// scaled by the token ratios when those adjustments are on, then priced by
// lib/pricing/price-request.ts exactly as the ledger prices one request
// (exact integers, rounded once to nano-dollars, half to even).
//   plain input, cached input, cache writes  x the input ratio
//   plain output, reasoning                  x the output ratio
// each kind scaled and rounded to a whole token on its own, half to even
// (token-ratio.ts), and input' / output' their sums: so every priced count
// only grows with its ratio (rounding a total and a part separately would
// not), and cached stays inside input, reasoning inside output. Cached input
// and cache writes carry over only within one provider (a prompt cache does
// not follow a request to another company) unless carryCachedInput: else
// they are priced as plain input.
// low / point / high: the same with every ratio at its low, point, high;
// prices only grow with tokens, so low <= point <= high.
import { priceInEffect } from "@/lib/pricing/price-in-effect";
import { priceRequestNano, type TokenUsage } from "@/lib/pricing/price-request";
import type { PriceVersion } from "@/lib/pricing/price-version-rows";
import type { TokenCounts } from "./plan-moves";
import type { Adjustments } from "./scenario-schema";
import { IDENTITY_RATIOS, parseRatio, scaleTokens, type RatioLookup, type TokenRatios } from "./token-ratio";
import { WhatIfInputError, type WhatIfCatalog } from "./whatif-inputs";

export interface RepriceContext {
  catalog: WhatIfCatalog;
  adjustments: Adjustments;
  ratios: RatioLookup;
}

export interface Repriced {
  point: bigint;
  low: bigint;
  high: bigint;
  priceVersion: PriceVersion;
  /** The ratios applied (after the adjustment switches). */
  ratios: TokenRatios;
  /** Whether cached input and cache writes kept their own rates. */
  carriedCache: boolean;
}

/** The target's price version at `hour`; a target without one cannot be simulated honestly. */
export function targetPriceAt(ctx: Pick<RepriceContext, "catalog">, target: string, hour: Date): PriceVersion {
  const model = ctx.catalog.get(target);
  if (!model) throw new WhatIfInputError("target", `model "${target}" is not in the catalog`);
  const version = priceInEffect(model.versions, hour);
  if (!version) throw new WhatIfInputError("target", `model "${target}" has no price in effect at ${hour.toISOString()}`);
  return version;
}

/** Whether cached input keeps its own rate from source to target. */
export function carriesCache(ctx: Pick<RepriceContext, "catalog" | "adjustments">, source: string, target: string): boolean {
  if (ctx.adjustments.carryCachedInput) return true;
  const s = ctx.catalog.get(source), t = ctx.catalog.get(target);
  // A source no longer in the catalog: its provider is unknown, so nothing is assumed cached.
  return s !== undefined && t !== undefined && s.provider === t.provider;
}

/** The ratios as the adjustment switches leave them: a switched-off ratio is exactly 1. */
export function appliedRatios(ctx: Pick<RepriceContext, "adjustments" | "ratios">, source: string, target: string): TokenRatios {
  if (source === target) return IDENTITY_RATIOS;
  const r = ctx.ratios(source, target);
  const { tokenizerRatio, outputLengthRatio } = ctx.adjustments;
  if (tokenizerRatio && outputLengthRatio) return r;
  return {
    input: tokenizerRatio ? r.input : IDENTITY_RATIOS.input,
    inputSource: tokenizerRatio ? r.inputSource : IDENTITY_RATIOS.inputSource,
    output: outputLengthRatio ? r.output : IDENTITY_RATIOS.output,
    outputSource: outputLengthRatio ? r.outputSource : IDENTITY_RATIOS.outputSource,
  };
}

/** The counts the target would report, at one input and one output ratio (millionths). */
export function adjustedUsage(c: TokenCounts, inputRatio: bigint, outputRatio: bigint, carryCache: boolean): TokenUsage {
  const plainInput = scaleTokens(c.inputTokens - c.cachedInputTokens - c.cacheWriteTokens, inputRatio);
  const cached = scaleTokens(c.cachedInputTokens, inputRatio);
  const cacheWrite = scaleTokens(c.cacheWriteTokens, inputRatio);
  const reasoningTokens = scaleTokens(c.reasoningTokens, outputRatio);
  const outputTokens = scaleTokens(c.outputTokens - c.reasoningTokens, outputRatio) + reasoningTokens;
  return {
    inputTokens: plainInput + cached + cacheWrite,
    // Not carried: the same tokens, priced as plain input.
    cachedInputTokens: carryCache ? cached : 0,
    cacheWriteTokens: carryCache ? cacheWrite : 0,
    outputTokens,
    reasoningTokens,
  };
}

export function repriceTokens(counts: TokenCounts, source: string, target: string, hour: Date, ctx: RepriceContext): Repriced {
  const priceVersion = targetPriceAt(ctx, target, hour);
  const ratios = appliedRatios(ctx, source, target);
  const carriedCache = carriesCache(ctx, source, target);
  const at = (input: string, output: string) => priceRequestNano(adjustedUsage(counts, parseRatio(input), parseRatio(output), carriedCache), priceVersion);
  const point = at(ratios.input.point, ratios.output.point);
  const same = (a: typeof ratios.input) => a.low === a.point && a.high === a.point;
  const flat = same(ratios.input) && same(ratios.output);
  return {
    point,
    low: flat ? point : at(ratios.input.low, ratios.output.low),
    high: flat ? point : at(ratios.input.high, ratios.output.high),
    priceVersion,
    ratios,
    carriedCache,
  };
}
