// What the local model server accepts on POST /v1/chat/completions, checked
// field by field with OpenAI's 400 shape naming the field. Text only: tools,
// tool_choice and response_format are accepted and ignored (the model answers
// with text), images are refused. Unknown fields are ignored, as OpenAI-
// compatible servers do.
import { ProxyError } from "../proxy/proxy-error";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  text: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /** max_completion_tokens, else max_tokens; null: up to the rest of the context. */
  maxTokens: number | null;
  temperature: number;
  topP: number | null;
  /** Reduced to 32 bits (llama.cpp's sampler seed); null: a fresh one per request. */
  seed: number | null;
  stop: string[];
}

export const MAX_MESSAGES = 2048;
export const MAX_STOP_SEQUENCES = 4;
export const MAX_STOP_LENGTH = 256;

type Body = Record<string, unknown>;

export function parseChatRequest(body: Body, limits: { contextSize: number }): ChatRequest {
  const model = body.model;
  if (model === undefined || model === null) throw missing("model");
  if (typeof model !== "string" || model.length === 0 || model.length > 256) throw invalid("model", "Invalid 'model': expected a model id string.");
  const stream = optionalBoolean(body, "stream") ?? false;
  const options = body.stream_options;
  if (options !== undefined && options !== null && !isObject(options)) throw invalid("stream_options", "Invalid 'stream_options': expected an object.");
  const includeUsage = options ? optionalBoolean(options as Body, "include_usage", "stream_options.include_usage") ?? false : false;
  const n = body.n;
  if (n !== undefined && n !== null && n !== 1) throw invalid("n", "Invalid 'n': this local model returns one choice (n = 1).", "unsupported_value");
  return {
    model,
    messages: parseMessages(body.messages),
    stream,
    includeUsage,
    maxTokens: parseMaxTokens(body, limits.contextSize),
    temperature: optionalNumber(body, "temperature", 0, 2) ?? 1,
    topP: optionalNumber(body, "top_p", 0, 1),
    seed: parseSeed(body.seed),
    stop: parseStop(body.stop),
  };
}

function parseMessages(messages: unknown): ChatMessage[] {
  if (messages === undefined || messages === null) throw missing("messages");
  if (!Array.isArray(messages)) throw invalid("messages", "Invalid 'messages': expected an array of messages.");
  if (messages.length === 0) throw invalid("messages", "Invalid 'messages': expected at least one message.", "empty_array");
  if (messages.length > MAX_MESSAGES) throw invalid("messages", `Invalid 'messages': at most ${MAX_MESSAGES} messages.`, "array_above_max_length");
  return messages.map((m: unknown, i) => {
    if (!isObject(m)) throw invalid(`messages[${i}]`, `Invalid 'messages[${i}]': expected a message object.`);
    const role = (m as Body).role;
    const text = contentText((m as Body).content, `messages[${i}].content`, role === "assistant" || role === "tool" || role === "function");
    if (role === "system" || role === "developer") return { role: "system", text };
    if (role === "user") return { role: "user", text };
    if (role === "assistant") return { role: "assistant", text };
    // A tool's result reaches this text model as a user turn.
    if (role === "tool" || role === "function") return { role: "user", text: `Tool result: ${text}` };
    throw invalid(`messages[${i}].role`, `Invalid 'messages[${i}].role': expected one of system, developer, user, assistant, tool.`, "invalid_value");
  });
}

function contentText(content: unknown, param: string, mayBeEmpty: boolean): string {
  if (typeof content === "string") return content;
  if ((content === null || content === undefined) && mayBeEmpty) return "";
  if (content === null || content === undefined) throw missing(param);
  if (!Array.isArray(content)) throw invalid(param, `Invalid '${param}': expected a string or an array of text parts.`);
  return content
    .map((part: unknown, j) => {
      if (!isObject(part)) throw invalid(`${param}[${j}]`, `Invalid '${param}[${j}]': expected a content part object.`);
      const { type, text } = part as Body;
      if (type !== "text") throw invalid(`${param}[${j}].type`, `Invalid '${param}[${j}].type': this local model reads text only (got ${describe(type)}).`, "unsupported_value");
      if (typeof text !== "string") throw invalid(`${param}[${j}].text`, `Invalid '${param}[${j}].text': expected a string.`);
      return text;
    })
    .join("");
}

function parseMaxTokens(body: Body, contextSize: number): number | null {
  for (const field of ["max_completion_tokens", "max_tokens"] as const) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw invalid(field, `Invalid '${field}': expected a positive integer, got ${describe(v)}.`);
    if (v > contextSize) {
      throw invalid(field, `${field} is too large: ${v}. This model's context holds at most ${contextSize} tokens, prompt included.`, "invalid_value");
    }
    return v;
  }
  return null;
}

function parseSeed(seed: unknown): number | null {
  if (seed === undefined || seed === null) return null;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) throw invalid("seed", `Invalid 'seed': expected an integer, got ${describe(seed)}.`);
  return Number(BigInt.asUintN(32, BigInt(seed)));
}

function parseStop(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  const list = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) throw invalid("stop", "Invalid 'stop': expected a string or an array of strings.");
  if (list.length > MAX_STOP_SEQUENCES) throw invalid("stop", `Invalid 'stop': at most ${MAX_STOP_SEQUENCES} stop sequences.`, "array_above_max_length");
  for (const s of list as string[]) if (s.length > MAX_STOP_LENGTH) throw invalid("stop", `Invalid 'stop': each stop sequence has at most ${MAX_STOP_LENGTH} characters.`, "string_above_max_length");
  return (list as string[]).filter((s) => s.length > 0);
}

function optionalBoolean(body: Body, field: string, param = field): boolean | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== "boolean") throw invalid(param, `Invalid '${param}': expected a boolean, got ${describe(v)}.`, "invalid_type");
  return v;
}

function optionalNumber(body: Body, field: string, min: number, max: number): number | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(field, `Invalid '${field}': expected a number, got ${describe(v)}.`, "invalid_type");
  if (v < min || v > max) throw invalid(field, `Invalid '${field}': expected a number from ${min} to ${max}, got ${v}.`, "invalid_value");
  return v;
}

const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return Number.isFinite(v) ? String(v).slice(0, 40) : "a non-finite number";
  if (typeof v === "string") return `"${v.slice(0, 40)}"`;
  return `a ${typeof v}`;
}

const missing = (param: string) => new ProxyError(400, "missing_required_parameter", `Missing required parameter: '${param}'.`, param);
const invalid = (param: string, message: string, code = "invalid_type") => new ProxyError(400, code, message, param);
