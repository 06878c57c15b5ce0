// What routing reads from a request body: the model asked for, its size
// (the same input estimate admission reserves by), the output it asked for,
// whether it uses tools, images or JSON mode, whether it streams, and who is
// calling (for sticky splits). Complexity is classified lazily: only when a
// rule asks for it.
import { estimateInputTokens } from "../proxy/estimate-tokens";
import { classifyComplexity } from "./classify-complexity";
import type { RouteEndpoint } from "./policy-schema";
import type { RouteRequest } from "./route-types";

/** Sticky keys longer than this are cut: a client's `user` is not ours to hash at any length. */
export const MAX_STICKY_KEY_CHARS = 256;
const MAX_IMAGE_SCAN_DEPTH = 8;

export interface RouteRequestContext {
  requestId: string;
  projectId: string;
  apiKeyId: string;
  tags: readonly string[];
  endpoint: RouteEndpoint;
  sessionId?: string | null;
  /** Already counted by the caller: not counted twice. Absent: counted when first read (a lazy getter). */
  estimatedInputTokens?: number;
  /** See RouteRequest.inputTokensUpperBound. */
  inputTokensUpperBound?: number;
}

export { routeEndpointForPath } from "./route-endpoint-for-path";

export function describeRouteRequest(body: Record<string, unknown>, ctx: RouteRequestContext): RouteRequest {
  const known = ctx.estimatedInputTokens;
  let counted: number | undefined;
  // One object literal with a getter: its shape is fixed, so the proxy's reads of it stay fast
  // (Object.defineProperty afterwards cost about 1 µs a request and left a slower shape).
  const request: RouteRequest = {
    requestId: ctx.requestId,
    projectId: ctx.projectId,
    apiKeyId: ctx.apiKeyId,
    tags: ctx.tags,
    model: typeof body.model === "string" ? body.model : "",
    endpoint: ctx.endpoint,
    // Tokenizing a long prompt costs more than the rest of routing: only when a rule or a window needs it.
    get estimatedInputTokens() {
      return known ?? (counted ??= estimateInputTokens(body));
    },
    requestedOutputTokens: requestedOutput(body),
    needs: { tools: nonEmptyList(body.tools) || nonEmptyList(body.functions), images: hasImage(body.messages ?? body.input, 0), jsonMode: asksForJson(body) },
    stream: ctx.endpoint !== "embeddings" && body.stream === true,
    user: stickyKey(body.user),
    sessionId: stickyKey(ctx.sessionId),
    complexity: () => classifyComplexity(body).band,
  };
  if (ctx.inputTokensUpperBound !== undefined) request.inputTokensUpperBound = ctx.inputTokensUpperBound;
  return request;
}

function requestedOutput(body: Record<string, unknown>): number | null {
  for (const field of ["max_completion_tokens", "max_tokens", "max_output_tokens"]) {
    const v = body[field];
    if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) return v;
  }
  return null;
}

const formatType = (v: unknown) => (v && typeof v === "object" ? (v as { type?: unknown }).type : undefined);
const isJsonFormat = (t: unknown) => t === "json_object" || t === "json_schema";

function asksForJson(body: Record<string, unknown>): boolean {
  return isJsonFormat(formatType(body.response_format)) || isJsonFormat(formatType((body.text as { format?: unknown } | undefined)?.format));
}

function nonEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

/** An image part in messages or Responses input (image_url or input_image), looked for a few levels deep. */
function hasImage(value: unknown, depth: number): boolean {
  if (depth > MAX_IMAGE_SCAN_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (hasImage(v, depth + 1)) return true;
    return false;
  }
  if (!value || typeof value !== "object") return false;
  const o = value as Record<string, unknown>;
  return o.type === "image_url" || o.type === "input_image" || hasImage(o.content, depth + 1);
}

function stickyKey(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v.slice(0, MAX_STICKY_KEY_CHARS) : null;
}
