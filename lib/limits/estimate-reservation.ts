// What admission reserves before forwarding: the request's worst-case cost
// and token count. Input tokens are counted with the o200k tokenizer (plus
// message framing, tool definitions and a fixed allowance per image: the
// one count estimated rows use too), or bounded by the body's byte length
// when admission tries the cheap bound first (lib/limits/admit-request.ts); output is the client's max tokens, or
// DEFAULT_MAX_OUTPUT_TOKENS when it sets none, never above the model's
// output ceiling. Each token is priced at the highest rate it could be
// billed at, and the cost is rounded up, so an honest upstream never
// settles above the reservation.
import { parseRate, type PriceRates } from "../pricing/price-request";
import { estimateInputTokens, inputTokensUpperBound } from "../proxy/estimate-tokens";

/** Reserved output tokens when the client sets no max_tokens / max_completion_tokens / max_output_tokens. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** The output ceiling of a model whose context window the catalog does not know. */
export const MAX_OUTPUT_TOKENS_UNKNOWN_MODEL = 1_000_000;

export interface Reservation {
  inputTokens: number;
  outputTokens: number;
  /** Worst-case cost in nano-dollars; null when the model has no price. */
  costNano: bigint | null;
}

/**
 * `outputCeiling` is the most output the model can produce (its context
 * window, when the catalog knows it): a larger max_tokens is reserved as the ceiling.
 */
export function estimateReservation(endpoint: string, body: Record<string, unknown>, rates: PriceRates | null, outputCeiling: number | null = null): Reservation {
  return reservationFor(endpoint, body, estimateInputTokens(body), rates, outputCeiling);
}

/**
 * The same reservation with the input counted from the body's size (inputTokensUpperBound): never below
 * estimateReservation's, and no tokenizer. Null when the body has no such bound (it may hold images).
 */
export function boundReservation(endpoint: string, body: Record<string, unknown>, raw: Buffer, rates: PriceRates | null, outputCeiling: number | null = null): Reservation | null {
  const inputTokens = inputTokensUpperBound(raw, body);
  return inputTokens === null ? null : reservationFor(endpoint, body, inputTokens, rates, outputCeiling);
}

function reservationFor(endpoint: string, body: Record<string, unknown>, inputTokens: number, rates: PriceRates | null, outputCeiling: number | null): Reservation {
  const outputTokens = endpoint === "/embeddings" ? 0 : maxOutputTokens(body, outputCeiling);
  return { inputTokens, outputTokens, costNano: rates ? worstCaseCostNano(inputTokens, outputTokens, rates) : null };
}

export function maxOutputTokens(body: Record<string, unknown>, outputCeiling: number | null = null): number {
  const ceiling = outputCeiling ?? MAX_OUTPUT_TOKENS_UNKNOWN_MODEL;
  for (const field of ["max_completion_tokens", "max_tokens", "max_output_tokens"]) {
    const v = body[field];
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return Math.min(v, ceiling);
  }
  return Math.min(DEFAULT_MAX_OUTPUT_TOKENS, ceiling);
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const ATTO_PER_NANO = 10n ** 9n;

export function worstCaseCostNano(inputTokens: number, outputTokens: number, rates: PriceRates): bigint {
  const inputRate = max(parseRate(rates.inputPerMTok), rates.cacheWritePerMTok ? parseRate(rates.cacheWritePerMTok) : 0n);
  const outputRate = max(parseRate(rates.outputPerMTok), rates.reasoningPerMTok ? parseRate(rates.reasoningPerMTok) : 0n);
  const atto = BigInt(inputTokens) * inputRate + BigInt(outputTokens) * outputRate;
  return (atto + ATTO_PER_NANO - 1n) / ATTO_PER_NANO;
}
