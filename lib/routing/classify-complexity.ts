// A cheap, documented guess at how hard a request is, so a rule can send
// "simple" traffic to a small model. It is a heuristic, not a measurement:
// the what-if measures a complexity rule against benchmark quality before
// anyone relies on it. Four signals, each worth points:
//
//   prompt length (characters of message text, ~4 per token):
//     < 2,000: 0 · < 8,000: 1 · < 32,000: 2 · more: 3
//   fenced code blocks (``` or ~~~ fences, pairs counted as one block):
//     none: 0 · 1-2: 1 · 3 or more: 2
//   math markers (LaTeX commands and delimiters, math symbols, x^2):
//     0-2: 0 · 3-11: 1 · 12 or more: 2
//   tool (and function) definitions:
//     none: 0 · 1-4: 1 · 5 or more: 2
//
// Band: 0-1 points simple, 2-3 moderate, 4 or more complex.
// Only the first SCANNED_CHARS characters are searched for code and math,
// so the cost is bounded whatever the prompt's size.
import { promptText } from "../proxy/estimate-tokens";
import type { ComplexityBand } from "./policy-schema";

export const SCANNED_CHARS = 256_000;

export interface ComplexitySignals {
  promptChars: number;
  codeBlocks: number;
  mathMarkers: number;
  tools: number;
}

export interface ComplexityAssessment {
  band: ComplexityBand;
  score: number;
  signals: ComplexitySignals;
}

const FENCE = /^[ \t]*(```|~~~)/gm;
const MATH =
  /\\(?:frac|sum|int|sqrt|prod|lim|partial|nabla|infty|cdot|times|leq|geq|neq|approx|alpha|beta|gamma|delta|theta|lambda|mu|sigma|pi)(?![A-Za-z])|\\begin\{(?:equation|align|matrix|pmatrix|bmatrix)\}|\$\$|\\\(|\\\[|[∑∏∫√∞≤≥≠±×÷∂∇∈∉∀∃≈≡⊂⊆∪∩]|[A-Za-z0-9)]\^[A-Za-z0-9({]/g;

export function classifyComplexity(body: Record<string, unknown>): ComplexityAssessment {
  return complexityFromSignals(complexitySignals(body));
}

export function complexitySignals(body: Record<string, unknown>): ComplexitySignals {
  const prompt = promptText(body);
  const scanned = prompt.length > SCANNED_CHARS ? prompt.slice(0, SCANNED_CHARS) : prompt;
  const fences = scanned.match(FENCE)?.length ?? 0;
  return {
    promptChars: prompt.length,
    codeBlocks: Math.ceil(fences / 2),
    mathMarkers: scanned.match(MATH)?.length ?? 0,
    tools: countDefinitions(body.tools) + countDefinitions(body.functions),
  };
}

export function complexityFromSignals(s: ComplexitySignals): ComplexityAssessment {
  const score =
    band(s.promptChars, [2_000, 8_000, 32_000]) + band(s.codeBlocks, [1, 3]) + band(s.mathMarkers, [3, 12]) + band(s.tools, [1, 5]);
  return { band: score <= 1 ? "simple" : score <= 3 ? "moderate" : "complex", score, signals: s };
}

/** Points: how many of the ascending thresholds the value reaches. */
function band(value: number, thresholds: number[]): number {
  return thresholds.filter((t) => value >= t).length;
}

function countDefinitions(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
