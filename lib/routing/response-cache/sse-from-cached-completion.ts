// A cached (non-streaming) chat completion replayed as the stream a client
// asked for, so streaming and non-streaming callers of the same question
// share one entry. Per choice: an opening chunk (the role), one chunk with
// the whole message as its delta (content or refusal, tool_calls with their
// indexes, logprobs), then one with its finish_reason. A usage chunk (empty
// choices) follows only when the client set stream_options.include_usage,
// as OpenAI does (every chunk then carries `usage: null`); then
// `data: [DONE]`. JSON.stringify never emits a raw line break, so each event
// is one line. An answer this cannot replay faithfully (not a chat
// completion, audio) gives null: the proxy treats it as a miss.
import { z } from "zod";

const messageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.string().nullable().optional(),
  refusal: z.string().nullable().optional(),
  tool_calls: z.array(z.looseObject({ id: z.string(), type: z.string() })).optional(),
  function_call: z.looseObject({ name: z.string(), arguments: z.string() }).nullable().optional(),
  annotations: z.array(z.unknown()).optional(),
  audio: z.unknown().optional(),
});

const completionSchema = z.looseObject({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number(),
  model: z.string(),
  system_fingerprint: z.string().nullable().optional(),
  service_tier: z.string().nullable().optional(),
  choices: z.array(z.looseObject({ index: z.number().int().min(0), message: messageSchema, finish_reason: z.string(), logprobs: z.unknown().optional() })).min(1),
  usage: z.record(z.string(), z.unknown()).nullable().optional(),
});

function emptyLogprobs(logprobs: unknown): { content: [] | null; refusal: [] | null } | null {
  if (typeof logprobs !== "object" || logprobs === null) return null;
  const l = logprobs as { content?: unknown; refusal?: unknown };
  return { content: Array.isArray(l.content) ? [] : null, refusal: Array.isArray(l.refusal) ? [] : null };
}

export function sseFromCachedCompletion(body: Buffer | string, options: { includeUsage: boolean }): Buffer | null {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === "string" ? body : body.toString("utf8"));
  } catch {
    return null;
  }
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success) return null;
  const c = parsed.data;
  if (c.choices.some((choice) => choice.message.audio != null)) return null;

  const base: Record<string, unknown> = { id: c.id, object: "chat.completion.chunk", created: c.created, model: c.model };
  if (c.service_tier !== undefined) base.service_tier = c.service_tier;
  if (c.system_fingerprint !== undefined) base.system_fingerprint = c.system_fingerprint;
  const chunk = (choices: unknown[], usage?: unknown) => ({ ...base, choices, ...(options.includeUsage ? { usage: usage ?? null } : {}) });

  const events: unknown[] = [];
  for (const { index, message, finish_reason, logprobs } of c.choices) {
    // Opened as OpenAI opens a choice: the role, empty text and empty logprob lists. The SDK's
    // accumulator counts the logprobs of a choice's first chunk twice, so they must come after it.
    const opening = { role: "assistant", content: message.content == null ? null : "", refusal: null };
    events.push(chunk([{ index, delta: opening, logprobs: emptyLogprobs(logprobs), finish_reason: null }]));
    const delta: Record<string, unknown> = { content: message.content ?? null };
    if (message.refusal != null) delta.refusal = message.refusal;
    if (message.tool_calls?.length) delta.tool_calls = message.tool_calls.map((call, i) => ({ ...call, index: i }));
    if (message.function_call) delta.function_call = message.function_call;
    if (message.annotations?.length) delta.annotations = message.annotations;
    events.push(chunk([{ index, delta, logprobs: logprobs ?? null, finish_reason: null }]));
    events.push(chunk([{ index, delta: {}, logprobs: null, finish_reason }]));
  }
  if (options.includeUsage && c.usage) events.push(chunk([], c.usage));
  return Buffer.from(`${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("")}data: [DONE]\n\n`, "utf8");
}
