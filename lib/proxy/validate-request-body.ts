// The fields of a request body the proxy itself relies on (streaming, usage
// reporting, the output-token reservation, the prompt it estimates), checked
// before admission with an OpenAI-shaped 400 naming the field. Everything
// else (tools, images, response_format, ...) is the upstream's to judge and
// passes through untouched. A few typeof checks: no schema library on the
// hot path.
import { ProxyError } from "./proxy-error";

export interface RequestFields {
  /** The client asked for a stream (`stream: true` on an endpoint that streams). */
  stream: boolean;
  /** `stream_options.include_usage` was set to true. */
  includeUsage: boolean;
  /** The client's output-token limit (first of max_completion_tokens, max_tokens, max_output_tokens), null if none. */
  maxOutputTokens: number | null;
}

const TOKEN_FIELDS = ["max_completion_tokens", "max_tokens", "max_output_tokens"] as const;

type Body = Record<string, unknown>;

export function validateRequestBody(endpoint: string, body: Body): RequestFields {
  if (endpoint === "/embeddings") {
    checkEmbeddingsInput(body.input);
    return { stream: false, includeUsage: false, maxOutputTokens: null };
  }
  if (endpoint === "/chat/completions") checkMessages(body.messages);
  else checkResponsesInput(body);
  const stream = optional(body, "stream", "boolean") ?? false;
  const includeUsage = checkStreamOptions(body.stream_options);
  let maxOutputTokens: number | null = null;
  for (const field of TOKEN_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw invalid(field, `Invalid '${field}': expected a positive integer, got ${describe(v)}.`);
    maxOutputTokens ??= v;
  }
  return { stream, includeUsage, maxOutputTokens };
}

function checkMessages(messages: unknown): void {
  if (messages === undefined || messages === null) throw missing("messages");
  if (!Array.isArray(messages)) throw wrongType("messages", "an array of messages", messages);
  if (messages.length === 0) throw new ProxyError(400, "empty_array", "Invalid 'messages': expected at least one message.", "messages");
  for (let i = 0; i < messages.length; i++) {
    if (!isObject(messages[i])) throw wrongType(`messages[${i}]`, "a message object", messages[i]);
  }
}

/** The Responses API may take its input from a stored prompt or an earlier response instead. */
function checkResponsesInput(body: Body): void {
  const input = body.input;
  if (input === undefined || input === null) {
    if (body.prompt != null || body.previous_response_id != null || body.conversation != null) return;
    throw missing("input");
  }
  if (typeof input !== "string" && !Array.isArray(input)) throw wrongType("input", "a string or an array of input items", input);
}

/** A string, an array of strings, an array of token ids, or an array of token-id arrays. */
function checkEmbeddingsInput(input: unknown): void {
  if (input === undefined || input === null) throw missing("input");
  if (typeof input === "string") return;
  if (!Array.isArray(input)) throw wrongType("input", "a string or an array", input);
  if (input.length === 0) throw new ProxyError(400, "empty_array", "Invalid 'input': expected at least one item.", "input");
  const kind = itemKind(input[0]);
  for (let i = 0; i < input.length; i++) {
    const k = itemKind(input[i]);
    if (k === null || k !== kind) throw wrongType(`input[${i}]`, "strings, token ids or arrays of token ids (all of one kind)", input[i]);
  }
}

function itemKind(v: unknown): "string" | "token" | "tokens" | null {
  if (typeof v === "string") return "string";
  if (isTokenId(v)) return "token";
  if (Array.isArray(v) && v.every(isTokenId)) return "tokens";
  return null;
}

const isTokenId = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

function checkStreamOptions(options: unknown): boolean {
  if (options === undefined || options === null) return false;
  if (!isObject(options)) throw wrongType("stream_options", "an object", options);
  const v = (options as Body).include_usage;
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") throw wrongType("stream_options.include_usage", "a boolean", v);
  return v;
}

function optional(body: Body, field: string, type: "boolean"): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== type) throw wrongType(field, `a ${type}`, v);
  return v as boolean;
}

const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return Number.isFinite(v) ? String(v).slice(0, 40) : "a non-finite number";
  if (typeof v === "string") return "a string";
  return `a ${typeof v}`;
}

const missing = (field: string) => new ProxyError(400, "missing_required_parameter", `Missing required parameter: '${field}'.`, field);
const wrongType = (field: string, expected: string, got: unknown) => new ProxyError(400, "invalid_type", `Invalid type for '${field}': expected ${expected}, but got ${describe(got)}.`, field);
const invalid = (field: string, message: string) => new ProxyError(400, "invalid_value", message, field);
