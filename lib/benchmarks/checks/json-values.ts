// Bounded JSON reading for checks: nesting is measured before parsing (so
// validation and comparison, which recurse, cannot overflow the stack), and
// finding JSON inside prose is linear in practice with hard caps on the work.
import { jsonDepth } from "../../http/parse-json-body";

export const MAX_JSON_DEPTH = 64;
export const MAX_JSON_CHARS = 1_000_000;

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonBounded(text: string, maxChars = MAX_JSON_CHARS): JsonParse {
  if (text.length > maxChars) return { ok: false, reason: `the JSON text is ${text.length} characters; the limit is ${maxChars}` };
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { ok: false, reason: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

const isContainer = (v: unknown) => typeof v === "object" && v !== null;

interface Span {
  start: number;
  end: number; // inclusive
}

const MAX_PARSE_ATTEMPTS = 500;
const MAX_RESTARTS = 20;

/** Every balanced {...} / [...] span, found in one pass (strings are tracked only inside brackets, so prose quotes do not derail it). */
function balancedSpans(text: string): Span[] {
  const spans: Span[] = [];
  let restarts = 0;
  let from = 0;
  scan: while (from < text.length) {
    const stack: number[] = [];
    let inString = false;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34 && stack.length > 0) inString = true;
      else if (c === 123 || c === 91) {
        if (stack.length < MAX_JSON_DEPTH) stack.push(i);
        else stack.length = 0; // too deep to be an answer worth reading: drop it
      } else if ((c === 125 || c === 93) && stack.length > 0) {
        const open = stack[stack.length - 1]!;
        const matches = (c === 125 && text.charCodeAt(open) === 123) || (c === 93 && text.charCodeAt(open) === 91);
        if (matches) {
          stack.pop();
          spans.push({ start: open, end: i });
        } else stack.length = 0;
      }
    }
    // An unclosed string swallowed the rest: scan again from just after the outermost bracket it started in.
    if (inString && stack.length > 0 && restarts++ < MAX_RESTARTS) {
      from = stack[0]! + 1;
      continue scan;
    }
    break;
  }
  return spans;
}

/** JSON objects and arrays in a text: the whole text, else each outermost balanced span that parses (in a ```json fence or in prose). */
export function extractJsonValues(text: string, limit = 20): unknown[] {
  const whole = text.trim();
  if (whole.startsWith("{") || whole.startsWith("[")) {
    const parsed = parseJsonBounded(whole);
    if (parsed.ok && isContainer(parsed.value)) return [parsed.value];
  }
  const spans = balancedSpans(text).sort((a, b) => a.start - b.start || b.end - a.end);
  const found: unknown[] = [];
  let acceptedEnd = -1;
  let attempts = 0;
  let parsedChars = 0;
  for (const span of spans) {
    if (span.start <= acceptedEnd) continue; // inside a value already taken
    if (++attempts > MAX_PARSE_ATTEMPTS || parsedChars > 20 * MAX_JSON_CHARS) break;
    parsedChars += span.end - span.start + 1;
    const parsed = parseJsonBounded(text.slice(span.start, span.end + 1));
    if (parsed.ok) {
      found.push(parsed.value);
      acceptedEnd = span.end;
      if (found.length >= limit) break;
    }
  }
  return found;
}

/** Deep equality of parsed JSON values (object key order does not matter, array order does). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** Nesting depth of an already parsed value (for schemas written in YAML). */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH + 1): number {
  if (!isContainer(value)) return 0;
  if (limit <= 0) return 1;
  let max = 0;
  for (const child of Object.values(value as object)) max = Math.max(max, valueDepth(child, limit - 1));
  return max + 1;
}
