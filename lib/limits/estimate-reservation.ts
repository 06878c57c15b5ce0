// What admission reserves before forwarding: the request's worst-case cost
// and token count. Input tokens are counted with the o200k tokenizer (plus
// message framing, tool definitions and a fixed allowance per image);
// output is the client's max tokens, or DEFAULT_MAX_OUTPUT_TOKENS when it
// sets none. Each token is priced at the highest rate it could be billed
// at, and the cost is rounded up, so an honest upstream never settles
// above the reservation.
import { parseRate, type PriceRates } from "../pricing/price-request";
import { estimateTokens, promptText } from "../proxy/estimate-tokens";

/** Reserved output tokens when the client sets no max_tokens / max_completion_tokens / max_output_tokens. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_IMAGE = 1536;

export interface Reservation {
  inputTokens: number;
  outputTokens: number;
  /** Worst-case cost in nano-dollars; null when the model has no price. */
  costNano: bigint | null;
}

export function estimateReservation(endpoint: string, body: Record<string, unknown>, rates: PriceRates | null): Reservation {
  const inputTokens = estimateInputTokens(body);
  const outputTokens = endpoint === "/embeddings" ? 0 : maxOutputTokens(body);
  return { inputTokens, outputTokens, costNano: rates ? worstCaseCostNano(inputTokens, outputTokens, rates) : null };
}

export function maxOutputTokens(body: Record<string, unknown>): number {
  for (const field of ["max_completion_tokens", "max_tokens", "max_output_tokens"]) {
    const v = body[field];
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
  }
  return DEFAULT_MAX_OUTPUT_TOKENS;
}

function estimateInputTokens(body: Record<string, unknown>): number {
  let tokens = estimateTokens(promptText(body));
  if (Array.isArray(body.messages)) tokens += TOKENS_PER_MESSAGE * body.messages.length + 3;
  if (body.tools !== undefined) tokens += estimateTokens(JSON.stringify(body.tools));
  if (body.functions !== undefined) tokens += estimateTokens(JSON.stringify(body.functions));
  return tokens + TOKENS_PER_IMAGE * countImages(body.messages ?? body.input);
}

function countImages(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countImages(v), 0);
  if (!value || typeof value !== "object") return 0;
  const o = value as Record<string, unknown>;
  const own = o.type === "image_url" || o.type === "input_image" ? 1 : 0;
  return own + countImages(o.content);
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const ATTO_PER_NANO = 10n ** 9n;

export function worstCaseCostNano(inputTokens: number, outputTokens: number, rates: PriceRates): bigint {
  const inputRate = max(parseRate(rates.inputPerMTok), rates.cacheWritePerMTok ? parseRate(rates.cacheWritePerMTok) : 0n);
  const outputRate = max(parseRate(rates.outputPerMTok), rates.reasoningPerMTok ? parseRate(rates.reasoningPerMTok) : 0n);
  const atto = BigInt(inputTokens) * inputRate + BigInt(outputTokens) * outputRate;
  return (atto + ATTO_PER_NANO - 1n) / ATTO_PER_NANO;
}
