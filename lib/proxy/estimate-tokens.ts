// Token counts when the upstream reports none (or a stream was cut short):
// counted with the o200k tokenizer, so the row is marked `estimated`. The
// same input count is what admission reserves (lib/limits/estimate-reservation.ts),
// so an estimated row and its reservation agree on the prompt.
//
// tiktoken's WebAssembly build keeps the 200k-entry vocabulary in WebAssembly
// memory, which the garbage collector never walks. gpt-tokenizer, used until
// 2026-12-07, kept it as JS objects: 16 MB more live heap, and a full GC took
// 14 ms instead of 2 (BENCHMARKS.md, "the tokenizer and GC pauses"), a pause
// that stalls every request in flight.
import { Tiktoken } from "tiktoken/lite";
import o200k from "tiktoken/encoders/o200k_base";

const o200kBase = new Tiktoken(o200k.bpe_ranks, o200k.special_tokens, o200k.pat_str);

const TOKENS_PER_MESSAGE = 4;
/** Every chat reply is primed with <|start|>assistant<|message|>. */
const TOKENS_PER_REPLY = 3;
export const TOKENS_PER_IMAGE = 1536;

/**
 * Tokens of a text as a model bills it. Text that spells a special token (`<|endoftext|>`) is counted as the
 * ordinary text it is in a prompt: gpt-tokenizer threw on it.
 */
export function estimateTokens(text: string): number {
  return text ? o200kBase.encode_ordinary(text).length : 0;
}

/**
 * Input tokens of a request: the prompt text, plus chat framing (4 per
 * message and 3 for the reply), tool and function definitions, 1,536 per
 * image and one per token id of a pre-tokenized embeddings input.
 */
export function estimateInputTokens(body: Record<string, unknown>): number {
  let tokens = estimateTokens(promptText(body)) + framingTokens(body);
  if (body.tools !== undefined) tokens += estimateTokens(JSON.stringify(body.tools));
  if (body.functions !== undefined) tokens += estimateTokens(JSON.stringify(body.functions));
  return tokens + TOKENS_PER_IMAGE * countImages(body.messages ?? body.input) + countTokenIds(body.input);
}

/**
 * The chat framing estimateInputTokens adds (4 per message, 3 for the reply): the only tokens it counts
 * that are not at least a byte of the body each, images aside. So for a body without images, its byte
 * length plus this is an upper bound of the estimate (an empty message `{}` is 3 bytes but 4 tokens).
 */
export function framingTokens(body: Record<string, unknown>): number {
  return Array.isArray(body.messages) ? TOKENS_PER_MESSAGE * body.messages.length + TOKENS_PER_REPLY : 0;
}

/**
 * A number never below estimateInputTokens(body), from the raw body's size alone: each text token is at
 * least one byte of the body (the joins between prompt parts are covered by their quotes), framing aside.
 * Images are counted by the thousand, so a body that may hold one has no such bound (null).
 */
export function inputTokensUpperBound(raw: Buffer, body: Record<string, unknown>): number | null {
  return hasImageMarker(raw) ? null : raw.length + framingTokens(body);
}

/** Whether the body may hold an image part (a byte search: cheaper than walking the JSON). */
function hasImageMarker(raw: Buffer): boolean {
  return raw.includes("image_url") || raw.includes("input_image");
}

function countImages(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countImages(v), 0);
  if (!value || typeof value !== "object") return 0;
  const o = value as Record<string, unknown>;
  const own = o.type === "image_url" || o.type === "input_image" ? 1 : 0;
  return own + countImages(o.content);
}

/** Embeddings may be sent as token ids ([1, 2] or [[1, 2], [3]]): each id is a token. */
function countTokenIds(input: unknown): number {
  if (!Array.isArray(input)) return 0;
  let n = 0;
  for (const v of input) {
    if (typeof v === "number") n++;
    else if (Array.isArray(v)) for (const t of v) if (typeof t === "number") n++;
  }
  return n;
}

/** The text of a request's prompt: message contents, input strings or parts. */
export function promptText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === "string") parts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") parts.push(o.text);
      if (o.content !== undefined) collect(o.content);
    }
  };
  collect(body.messages ?? body.input ?? body.prompt);
  if (typeof body.instructions === "string") parts.push(body.instructions);
  return parts.join("\n");
}

/** The generated text of a chat completion or Responses API body. */
export function completionText(body: unknown): string {
  const b = (body ?? {}) as { choices?: { message?: { content?: unknown } }[]; output?: { content?: { text?: unknown }[] }[] };
  const fromChoices = (b.choices ?? []).map((c) => (typeof c.message?.content === "string" ? c.message.content : "")).join("");
  const fromOutput = (b.output ?? []).flatMap((o) => (o.content ?? []).map((c) => (typeof c.text === "string" ? c.text : ""))).join("");
  return fromChoices + fromOutput;
}
