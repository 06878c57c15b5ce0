// The "Test a request" form: what its inputs hold, and the one place they
// become POST /routing/test's body. Either the form describes the request
// (model, size, what it needs, whether it streams) and a small body with
// exactly those features is built, or a pasted request body is sent as is.
import type { RouteEndpoint } from "../policy-schema";

export interface TestRequestFields {
  model: string;
  endpoint: RouteEndpoint;
  projectId: string;
  /** "" for none: the project's policies apply without a key condition. */
  apiKeyId: string;
  tags: string;
  /** "" counts the built or pasted body's own tokens. */
  estimatedInputTokens: string;
  maxOutputTokens: string;
  prompt: string;
  tools: boolean;
  images: boolean;
  jsonMode: boolean;
  stream: boolean;
  user: string;
  sessionId: string;
  usePastedBody: boolean;
  pastedBody: string;
}

export const DEFAULT_TEST_REQUEST: Omit<TestRequestFields, "projectId" | "model"> = {
  endpoint: "chat.completions", apiKeyId: "", tags: "", estimatedInputTokens: "", maxOutputTokens: "", prompt: "Summarise this ticket in one sentence.",
  tools: false, images: false, jsonMode: false, stream: false, user: "", sessionId: "", usePastedBody: false, pastedBody: "",
};

// A 1x1 transparent PNG: the request has an image without carrying one.
const TINY_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const LOOKUP_TOOL = { type: "function", function: { name: "lookup", description: "Looks a record up", parameters: { type: "object", properties: { id: { type: "string" } } } } };

/** A request body with just the features the form names. */
export function describedBody(f: TestRequestFields): Record<string, unknown> {
  const maxTokens = f.maxOutputTokens.trim() === "" ? undefined : Number(f.maxOutputTokens.trim());
  if (f.endpoint === "embeddings") return { model: f.model.trim(), input: f.prompt };
  const content = f.images ? [{ type: "text", text: f.prompt }, { type: "image_url", image_url: { url: TINY_PNG } }] : f.prompt;
  const body: Record<string, unknown> = { model: f.model.trim() };
  if (f.endpoint === "responses") {
    body.input = [{ role: "user", content: f.images ? [{ type: "input_text", text: f.prompt }, { type: "input_image", image_url: TINY_PNG }] : f.prompt }];
    if (f.jsonMode) body.text = { format: { type: "json_object" } };
    if (maxTokens !== undefined) body.max_output_tokens = maxTokens;
  } else {
    body.messages = [{ role: "user", content }];
    if (f.jsonMode) body.response_format = { type: "json_object" };
    if (maxTokens !== undefined) body.max_tokens = maxTokens;
  }
  if (f.tools) body.tools = [LOOKUP_TOOL];
  if (f.stream) body.stream = true;
  if (f.user.trim()) body.user = f.user.trim();
  return body;
}

export type PastedBody = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

export function parsePastedBody(source: string): PastedBody {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, message: "a JSON object, as the app would send it to /v1/chat/completions" };
  return { ok: true, body: value as Record<string, unknown> };
}

/** The body of POST /routing/test (a pasted body that is not JSON is sent as an empty one: the form shows why first). */
export function testRequestBody(f: TestRequestFields) {
  const pasted = f.usePastedBody ? parsePastedBody(f.pastedBody) : null;
  const tokens = f.estimatedInputTokens.trim();
  return {
    body: pasted ? (pasted.ok ? pasted.body : {}) : describedBody(f),
    endpoint: f.endpoint,
    projectId: f.projectId || undefined,
    apiKeyId: f.apiKeyId || undefined,
    tags: f.tags.split(/[,\s]+/).filter(Boolean),
    sessionId: f.sessionId.trim() || undefined,
    estimatedInputTokens: tokens === "" ? undefined : Number(tokens),
  };
}
