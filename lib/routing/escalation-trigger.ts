// Whether a cascade's answer is not good enough to keep, so the next (larger)
// model should be asked: the first of the rule's triggers the answer fails.
//   empty            no text and no tool calls
//   length           cut off by the token limit (finish_reason "length")
//   invalid-json     the text does not parse as JSON
//   schema-mismatch  the request's json_schema (response_format or text.format)
//                    does not validate the text (no schema: does not apply)
//   { check }        a benchmark check (promptfoo assertion) fails
// A refusal is an answer: it escalates only if a trigger says so.
import { evaluateCase } from "../benchmarks/checks/evaluate-case";
import { compileJsonSchema } from "../benchmarks/checks/json-schema";
import type { EscalationTrigger } from "./policy-schema";

export interface AnswerForEscalation {
  text: string;
  toolCalls: unknown[];
  finishReason: string | null;
}

/** The answer of a chat completion or a Responses API body. */
export function answerForEscalation(parsed: unknown): AnswerForEscalation {
  const b = (parsed ?? {}) as {
    choices?: { message?: { content?: unknown; tool_calls?: unknown }; finish_reason?: unknown }[];
    output?: { type?: unknown; content?: { text?: unknown }[] }[];
    status?: unknown;
    incomplete_details?: { reason?: unknown } | null;
  };
  if (Array.isArray(b.choices)) {
    const choice = b.choices[0];
    const content = choice?.message?.content;
    const calls = choice?.message?.tool_calls;
    return { text: typeof content === "string" ? content : "", toolCalls: Array.isArray(calls) ? calls : [], finishReason: typeof choice?.finish_reason === "string" ? choice.finish_reason : null };
  }
  const output = Array.isArray(b.output) ? b.output : [];
  const text = output.flatMap((o) => (Array.isArray(o.content) ? o.content : [])).map((c) => (typeof c.text === "string" ? c.text : "")).join("");
  const toolCalls = output.filter((o) => o.type === "function_call");
  const cut = b.status === "incomplete" && b.incomplete_details?.reason === "max_output_tokens";
  return { text, toolCalls, finishReason: cut ? "length" : null };
}

export async function failedTrigger(triggers: readonly EscalationTrigger[], body: Record<string, unknown>, answer: AnswerForEscalation): Promise<string | null> {
  for (const trigger of triggers) {
    if (typeof trigger === "string") {
      if (failsBuiltIn(trigger, body, answer)) return trigger;
      continue;
    }
    const evaluation = await evaluateCase(
      { id: "escalation", messages: [{ role: "user", content: "." }], vars: {}, checks: [trigger.check], ...(Array.isArray(body.tools) ? { tools: body.tools as never } : {}) },
      { output: answer.text, toolCalls: answer.toolCalls },
    );
    if (!evaluation.passed) return trigger.check.type;
  }
  return null;
}

function failsBuiltIn(trigger: Exclude<EscalationTrigger, object>, body: Record<string, unknown>, answer: AnswerForEscalation): boolean {
  switch (trigger) {
    case "empty":
      return answer.text.trim() === "" && answer.toolCalls.length === 0;
    case "length":
      return answer.finishReason === "length";
    case "invalid-json":
      return parseJson(answer.text) === undefined && answer.toolCalls.length === 0;
    case "schema-mismatch": {
      const schema = requestedSchema(body);
      if (schema === undefined) return false;
      const compiled = compileJsonSchema(schema);
      if (!compiled.ok) return false; // the request's own schema is the upstream's to refuse, not a reason to pay twice
      const value = parseJson(answer.text);
      return value === undefined || !compiled.validate(value).valid;
    }
  }
}

function requestedSchema(body: Record<string, unknown>): unknown {
  const chat = body.response_format as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
  if (chat?.type === "json_schema") return chat.json_schema?.schema;
  const responses = (body.text as { format?: { type?: unknown; schema?: unknown } } | undefined)?.format;
  if (responses?.type === "json_schema") return responses.schema;
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
