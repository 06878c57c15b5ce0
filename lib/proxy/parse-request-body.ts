// The request body as a JSON object. JSON.parse takes any depth, but what
// follows (token estimation, re-serialising a rewritten body) recurses, and
// a body nested thousands of levels deep would overflow the stack: such a
// body is refused with a 400 before anything walks it.
import { ProxyError } from "./proxy-error";

/** Deepest nesting of arrays and objects accepted (tool schemas rarely pass 20). */
export const MAX_JSON_DEPTH = 128;

export function parseRequestBody(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ProxyError(400, "invalid_json", "We could not parse the JSON body of your request");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ProxyError(400, "invalid_request_body", "The request body must be a JSON object");
  }
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    throw new ProxyError(400, "json_too_deep", `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  return value as Record<string, unknown>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when valid JSON text nests arrays/objects deeper than `max`. One pass
 * over the bytes; string contents (most of a prompt) are skipped with the
 * native indexOf, so only the structure is looked at in JavaScript.
 */
export function jsonDepthExceeds(json: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === QUOTE) {
      let end = i;
      for (;;) {
        end = json.indexOf(QUOTE, end + 1);
        if (end < 0) return false; // unterminated: not valid JSON, JSON.parse said so
        let slashes = 0;
        while (json[end - 1 - slashes] === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
