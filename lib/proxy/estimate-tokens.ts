// Token counts when the upstream reports none (or a stream was cut short):
// counted with the o200k tokenizer, so the row is marked `estimated`.
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";

export function estimateTokens(text: string): number {
  return text ? countTokens(text) : 0;
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
