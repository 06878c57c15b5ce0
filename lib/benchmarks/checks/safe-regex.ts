// Regexes from suites run in the worker on model output we do not control, so
// they are compiled by RE2 (re2js): matching is linear in the input, whatever
// the pattern. RE2 has no backreferences or lookaround; patterns that need
// them are refused with that reason rather than run by a backtracking engine.
// Promptfoo's regex value is a JavaScript pattern (no flags), so the pattern
// must also be valid JavaScript: RE2-only syntax such as (?i) is refused too,
// to keep suites portable to promptfoo.
import { RE2JS } from "re2js";

export const MAX_PATTERN_CHARS = 10_000;
const MAX_PROGRAM_SIZE = 100_000;
const CACHE_LIMIT = 1_000;

export type SafeRegex = { ok: true; regex: RE2JS } | { ok: false; reason: string };

const cache = new Map<string, SafeRegex>();

function compile(pattern: string): SafeRegex {
  if (pattern.length === 0) return { ok: false, reason: "the pattern is empty" };
  if (pattern.length > MAX_PATTERN_CHARS) return { ok: false, reason: `the pattern is ${pattern.length} characters; the limit is ${MAX_PATTERN_CHARS}` };
  try {
    // Compiling (never running) a JS RegExp is linear in the pattern: it only checks the syntax promptfoo would accept.
    new RegExp(pattern);
  } catch (e) {
    return { ok: false, reason: `invalid regular expression: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, "") : String(e)}` };
  }
  // re2js' JS-to-RE2 translation would silently turn a named backreference into literal text.
  if (/\\k</.test(pattern)) return { ok: false, reason: "backreferences (\\k<name>) are not supported: regexes run on a linear-time engine (RE2)" };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: `not supported by the linear-time regex engine (RE2 has no backreferences or lookahead/lookbehind, and caps repeat counts at 1000): ${detail}` };
  }
  if (regex.programSize() > MAX_PROGRAM_SIZE) return { ok: false, reason: "the pattern is too complex (its compiled program is too large)" };
  return { ok: true, regex };
}

/** Compiles a promptfoo regex value once; the result is cached (bounded). */
export function compileSafeRegex(pattern: string): SafeRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}
