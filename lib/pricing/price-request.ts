// Exact request cost. Rounding rule (written down once, here):
//   cost = sum over token types of tokens x (USD per 1M tokens) / 1,000,000,
//   computed exactly, then rounded ONCE per request to 9 decimal
//   places (nano-dollars), half to even. Totals are plain sums of those
//   stored per-request values, so they can be recomputed from raw rows.
// Token accounting follows the OpenAI usage shape: input tokens include
// cached and cache-write tokens, output tokens include reasoning tokens.
// Each token is priced exactly once, at its own rate.
// Arithmetic is in integers (BigInt): a rate is held in 1e-12 USD per 1M
// tokens, so tokens x rate is an exact amount in 1e-18 USD, no float anywhere.
const RATE_DIGITS = 12;
const NANO_PER_UNIT = 10n ** 9n; // 1e-18 USD units per nano-dollar
export const COST_DECIMALS = 9;

const rateCache = new Map<string, bigint>();

/** "0.25" -> 250000000000n (1e-12 USD per 1M tokens). At most 12 decimals; no exponents. */
export function parseRate(rate: string): bigint {
  let parsed = rateCache.get(rate);
  if (parsed === undefined) {
    const m = /^(\d+)(?:\.(\d{1,12}))?$/.exec(rate);
    if (!m) throw new Error(`invalid price "${rate}": expected a plain decimal with at most ${RATE_DIGITS} decimals`);
    parsed = BigInt(m[1]!) * 10n ** BigInt(RATE_DIGITS) + BigInt((m[2] ?? "").padEnd(RATE_DIGITS, "0"));
    if (rateCache.size < 10_000) rateCache.set(rate, parsed);
  }
  return parsed;
}

/** Rounds a non-negative amount in 1e-18 USD to nano-dollars, half to even: the ledger's one rounding step. */
export function roundAttoToNano(attoUsd: bigint): bigint {
  let nano = attoUsd / NANO_PER_UNIT;
  const rest = attoUsd % NANO_PER_UNIT;
  const half = NANO_PER_UNIT / 2n;
  if (rest > half || (rest === half && nano % 2n === 1n)) nano += 1n;
  return nano;
}

/** Rounds an amount in 1e-18 USD to nano-dollars, half to even, and formats it with 9 decimals. */
function toUsd(attoUsd: bigint): string {
  const nano = roundAttoToNano(attoUsd);
  const whole = nano / NANO_PER_UNIT;
  const frac = (nano % NANO_PER_UNIT).toString().padStart(COST_DECIMALS, "0");
  return `${whole}.${frac}`;
}

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

/** The tokens priced at each rate: each token once. */
export function splitUsage(usage: TokenUsage): Record<Exclude<keyof CostBreakdown, "total">, number> {
  // Clamp: a provider reporting more cached than input tokens must not yield negative cost.
  const cachedInput = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cacheWrite = Math.min(usage.cacheWriteTokens, usage.inputTokens - cachedInput);
  const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
  return { input: usage.inputTokens - cachedInput - cacheWrite, cachedInput, cacheWrite, output: usage.outputTokens - reasoning, reasoning };
}

/** Each token type's exact amount in 1e-18 USD (before rounding). */
function exactParts(usage: TokenUsage, rates: PriceRates): Record<Exclude<keyof CostBreakdown, "total">, bigint> {
  const { input: plainInput, cachedInput: cached, cacheWrite, output: plainOutput, reasoning } = splitUsage(usage);
  const part = (tokens: number, rate: string) => BigInt(tokens) * parseRate(rate);
  return {
    input: part(plainInput, rates.inputPerMTok),
    cachedInput: part(cached, rates.cachedInputPerMTok ?? rates.inputPerMTok),
    cacheWrite: part(cacheWrite, rates.cacheWritePerMTok ?? rates.inputPerMTok),
    output: part(plainOutput, rates.outputPerMTok),
    reasoning: part(reasoning, rates.reasoningPerMTok ?? rates.outputPerMTok),
  };
}

/** priceRequest(usage, rates).total in nano-dollars, without formatting (for summing many, e.g. the what-if simulator). */
export function priceRequestNano(usage: TokenUsage, rates: PriceRates): bigint {
  const p = exactParts(usage, rates);
  return roundAttoToNano(p.input + p.cachedInput + p.cacheWrite + p.output + p.reasoning);
}

export function priceRequest(usage: TokenUsage, rates: PriceRates): CostBreakdown {
  const parts = exactParts(usage, rates);
  const total = parts.input + parts.cachedInput + parts.cacheWrite + parts.output + parts.reasoning;
  return {
    input: toUsd(parts.input),
    cachedInput: toUsd(parts.cachedInput),
    cacheWrite: toUsd(parts.cacheWrite),
    output: toUsd(parts.output),
    reasoning: toUsd(parts.reasoning),
    total: toUsd(total),
  };
}
