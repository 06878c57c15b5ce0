// Exact request cost. Rounding rule (written down once, here):
//   cost = sum over token types of tokens x (USD per 1M tokens) / 1,000,000,
//   computed exactly in decimal, then rounded ONCE per request to 9 decimal
//   places (nano-dollars), half to even. Totals are plain sums of those
//   stored per-request values, so they can be recomputed from raw rows.
// Token accounting follows the OpenAI usage shape: input tokens include
// cached and cache-write tokens, output tokens include reasoning tokens.
// Each token is priced exactly once, at its own rate.
import Decimal from "decimal.js";

const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const MILLION = new Exact(1_000_000);
export const COST_DECIMALS = 9;

export interface PriceRates {
  inputPerMTok: string;
  cachedInputPerMTok: string | null;
  cacheWritePerMTok: string | null;
  outputPerMTok: string;
  reasoningPerMTok: string | null;
}

export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface CostBreakdown {
  input: string;
  cachedInput: string;
  cacheWrite: string;
  output: string;
  reasoning: string;
  total: string;
}

export function priceRequest(usage: TokenUsage, rates: PriceRates): CostBreakdown {
  // Clamp: a provider reporting more cached than input tokens must not yield negative cost.
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cacheWrite = Math.min(usage.cacheWriteTokens, usage.inputTokens - cached);
  const plainInput = usage.inputTokens - cached - cacheWrite;
  const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
  const plainOutput = usage.outputTokens - reasoning;

  const part = (tokens: number, rate: string) => new Exact(tokens).mul(new Exact(rate)).div(MILLION);
  const parts = {
    input: part(plainInput, rates.inputPerMTok),
    cachedInput: part(cached, rates.cachedInputPerMTok ?? rates.inputPerMTok),
    cacheWrite: part(cacheWrite, rates.cacheWritePerMTok ?? rates.inputPerMTok),
    output: part(plainOutput, rates.outputPerMTok),
    reasoning: part(reasoning, rates.reasoningPerMTok ?? rates.outputPerMTok),
  };
  const total = Object.values(parts).reduce((a, b) => a.add(b), new Exact(0));
  const fmt = (d: Decimal) => d.toFixed(COST_DECIMALS, Decimal.ROUND_HALF_EVEN);
  return {
    input: fmt(parts.input),
    cachedInput: fmt(parts.cachedInput),
    cacheWrite: fmt(parts.cacheWrite),
    output: fmt(parts.output),
    reasoning: fmt(parts.reasoning),
    total: fmt(total),
  };
}
