// The string checks, with promptfoo's semantics: equals (a JSON value is
// compared deeply with the parsed output), contains / icontains,
// contains-any / contains-all (a list, or a comma-separated string),
// regex (a JavaScript pattern, run by RE2), starts-with, levenshtein
// (distance <= threshold, 5 by default). Reasons state what was found, so
// they read right whether or not the check is negated with `not-`.
import { distance } from "fastest-levenshtein";
import { checkError, quoteForReason, verdict, type CheckVerdict } from "./check-types";
import { jsonEqual, parseJsonBounded } from "./json-values";
import { compileSafeRegex } from "./safe-regex";

export const DEFAULT_LEVENSHTEIN_THRESHOLD = 5;
export const MAX_LEVENSHTEIN_VALUE_CHARS = 10_000;

const isNeedle = (v: unknown): v is string | number => (typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v));

export function checkEquals(output: string, value: unknown): CheckVerdict {
  if (value === undefined || value === null) return checkError("equals needs a value");
  if (typeof value === "object") {
    const parsed = parseJsonBounded(output);
    const equal = parsed.ok && jsonEqual(parsed.value, value);
    return verdict(equal, equal ? "output is JSON equal to the expected value" : parsed.ok ? "output is JSON but differs from the expected value" : "output is not JSON, so it cannot equal the expected JSON value");
  }
  const expected = String(value);
  const equal = output === expected;
  return verdict(equal, equal ? `output equals ${quoteForReason(expected)}` : `output ${quoteForReason(output)} does not equal ${quoteForReason(expected)}`);
}

export function checkContains(output: string, value: unknown, ignoreCase: boolean): CheckVerdict {
  const name = ignoreCase ? "icontains" : "contains";
  if (!isNeedle(value)) return checkError(`${name} needs a non-empty string or number value`);
  const needle = String(value);
  const found = ignoreCase ? output.toLowerCase().includes(needle.toLowerCase()) : output.includes(needle);
  return verdict(found, `output ${found ? "contains" : "does not contain"} ${quoteForReason(needle)}${ignoreCase ? " (ignoring case)" : ""}`);
}

/** Promptfoo's comma-separated list: commas split items, double quotes keep a comma inside one. */
export function parseCommaSeparated(text: string): string[] {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      items.push(current);
      current = "";
    } else current += ch;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

/** The needles of contains-any / contains-all, or why the value cannot be read as a list. */
export function needleList(value: unknown): { ok: true; needles: string[] } | { ok: false; reason: string } {
  const list = typeof value === "string" ? parseCommaSeparated(value) : value;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, reason: "needs a non-empty list (or a comma-separated string)" };
  if (!list.every(isNeedle)) return { ok: false, reason: "every item must be a non-empty string or a number" };
  return { ok: true, needles: list.map(String) };
}

export function checkContainsAny(output: string, value: unknown): CheckVerdict {
  const list = needleList(value);
  if (!list.ok) return checkError(`contains-any ${list.reason}`);
  const hit = list.needles.find((n) => output.includes(n));
  return verdict(hit !== undefined, hit !== undefined ? `output contains ${quoteForReason(hit)}` : `output contains none of ${list.needles.map((n) => quoteForReason(n, 40)).join(", ")}`);
}

export function checkContainsAll(output: string, value: unknown): CheckVerdict {
  const list = needleList(value);
  if (!list.ok) return checkError(`contains-all ${list.reason}`);
  const missing = list.needles.filter((n) => !output.includes(n));
  return verdict(missing.length === 0, missing.length === 0 ? `output contains all ${list.needles.length} values` : `output is missing ${missing.map((n) => quoteForReason(n, 40)).join(", ")}`);
}

export function checkRegex(output: string, value: unknown): CheckVerdict {
  if (typeof value !== "string") return checkError("regex needs a pattern string");
  const compiled = compileSafeRegex(value);
  if (!compiled.ok) return checkError(`regex ${quoteForReason(value, 80)}: ${compiled.reason}`);
  const matched = compiled.regex.test(output);
  return verdict(matched, `output ${matched ? "matches" : "does not match"} /${value.length > 80 ? `${value.slice(0, 80)}…` : value}/`);
}

export function checkStartsWith(output: string, value: unknown): CheckVerdict {
  if (typeof value !== "string" || value === "") return checkError("starts-with needs a non-empty string value");
  const starts = output.startsWith(value);
  return verdict(starts, `output ${starts ? "starts" : "does not start"} with ${quoteForReason(value)}`);
}

export function checkLevenshtein(output: string, value: unknown, threshold: number | undefined): CheckVerdict {
  if (typeof value !== "string") return checkError("levenshtein needs the expected string as its value");
  if (value.length > MAX_LEVENSHTEIN_VALUE_CHARS) return checkError(`levenshtein's value is over ${MAX_LEVENSHTEIN_VALUE_CHARS} characters`);
  const max = threshold ?? DEFAULT_LEVENSHTEIN_THRESHOLD;
  if (!(max >= 0)) return checkError("levenshtein's threshold must be 0 or more");
  // The distance is at least the length difference: no need to run the O(n*m) comparison when that already exceeds the threshold.
  const lengthGap = Math.abs(output.length - value.length);
  if (lengthGap > max) return verdict(false, `edit distance is at least ${lengthGap} (the lengths differ by that), above the threshold ${max}`);
  const d = distance(output, value);
  return verdict(d <= max, `edit distance ${d} ${d <= max ? "≤" : ">"} threshold ${max}`);
}
