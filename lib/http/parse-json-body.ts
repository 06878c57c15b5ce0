// Parses a management API request body: valid JSON, nested at most
// MAX_JSON_DEPTH levels (deeper input would overflow recursive validators),
// and every string (keys included) storable in Postgres: no NUL character,
// no unpaired UTF-16 surrogate. Checked once here, not per schema.
import { AppError } from "./app-error";

/** Far deeper than any management API body needs; shallow enough for every recursive consumer. */
export const MAX_JSON_DEPTH = 64;

export function parseJsonBody(text: string): unknown {
  if (!text) return {};
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new AppError("bad_request", `Request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Request body is not valid JSON");
  }
  const field = findUnstorableString(value);
  if (field !== null) {
    const message = "contains a NUL character or an unpaired surrogate, which cannot be stored";
    throw new AppError("bad_request", `${field || "body"}: ${message}`, [{ field, message }]);
  }
  return value;
}

/** Deepest nesting of arrays and objects in JSON text, without parsing (so without recursion). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The path (like `tags.2` or `name`) of the first string Postgres cannot store, or null. */
export function findUnstorableString(root: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: "" }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorable(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: join(path, String(i)) }));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const itemPath = join(path, key);
        if (!isStorable(key)) return itemPath;
        stack.push({ value: item, path: itemPath });
      }
    }
  }
  return null;
}

function isStorable(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
