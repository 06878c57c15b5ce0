// Token usage from an OpenAI-shaped response object (chat completions,
// responses, embeddings). Input counts include cached tokens and output
// counts include reasoning tokens, as OpenAI reports them.
import type { TokenUsage } from "../pricing/price-request";

type Obj = Record<string, unknown>;
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});

export function extractUsage(body: unknown): TokenUsage | null {
  const usage = obj(body).usage;
  if (!usage || typeof usage !== "object") return null;
  const u = usage as Obj;
  if ("input_tokens" in u || "output_tokens" in u) {
    // Responses API shape.
    return {
      inputTokens: num(u.input_tokens),
      cachedInputTokens: num(obj(u.input_tokens_details).cached_tokens),
      cacheWriteTokens: 0,
      outputTokens: num(u.output_tokens),
      reasoningTokens: num(obj(u.output_tokens_details).reasoning_tokens),
    };
  }
  if (!("prompt_tokens" in u)) return null;
  return {
    inputTokens: num(u.prompt_tokens),
    cachedInputTokens: num(obj(u.prompt_tokens_details).cached_tokens),
    cacheWriteTokens: num(obj(u.prompt_tokens_details).cache_write_tokens),
    outputTokens: num(u.completion_tokens),
    reasoningTokens: num(obj(u.completion_tokens_details).reasoning_tokens),
  };
}
