// OpenAI's chat completion shapes: the JSON answer, and the SSE chunks of a
// stream (a role chunk, content chunks, a finish chunk, with include_usage a
// last chunk with empty choices and the usage, then data: [DONE]).
export type FinishReason = "stop" | "length";

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface CompletionMeta {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
}

export const usageOf = (promptTokens: number, completionTokens: number): Usage => ({
  prompt_tokens: promptTokens,
  completion_tokens: completionTokens,
  total_tokens: promptTokens + completionTokens,
});

export function chatCompletionJson(meta: CompletionMeta, text: string, finishReason: FinishReason, usage: Usage) {
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: finishReason }],
    usage,
  };
}

/** Streams chunks for one completion; `includeUsage` adds "usage": null to each chunk and the usage chunk at the end. */
export class ChatCompletionChunks {
  constructor(
    private readonly meta: CompletionMeta,
    private readonly includeUsage: boolean,
  ) {}

  role(): string {
    return this.event([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
  }

  content(text: string): string {
    return this.event([{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }]);
  }

  /** The finish chunk, the usage chunk when asked for, and [DONE]. */
  end(finishReason: FinishReason, usage: Usage): string {
    const finish = this.event([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    const usageChunk = this.includeUsage ? this.event([], usage) : "";
    return `${finish}${usageChunk}data: [DONE]\n\n`;
  }

  /** A failure after the stream started: OpenAI sends an error event and ends the stream. */
  error(message: string): string {
    return `data: ${JSON.stringify({ error: { message, type: "server_error", param: null, code: "generation_failed" } })}\n\n`;
  }

  private event(choices: unknown[], usage: Usage | null = null): string {
    const chunk = { id: this.meta.id, object: "chat.completion.chunk", created: this.meta.created, model: this.meta.model, choices, ...(this.includeUsage ? { usage } : {}) };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
