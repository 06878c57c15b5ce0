// The fallback when no benchmark measured a pair of models on the same cases:
// a per-family table of how many tokens a tokenizer counts for the same
// English text, relative to OpenAI's o200k_base. The ratio source -> target
// is target / source; its low is target.low / source.high and its high is
// target.high / source.low (the widest the two spreads allow), rounded to 6
// places: point half to even, low down, high up.
//
// Output-length default: the same as the input ratio. That assumes the target
// writes the same text as the source (only the tokenizer differs); verbosity
// differences are unmeasured until a benchmark runs both models, and the
// result says so (provenance "default").
//
// Each entry says what it rests on: "reference" (the unit), "measured" (how,
// on what), "vendor-guidance" (what the vendor publishes), or "assumption"
// (no published number: equal, with a deliberately wide band). Measure the
// pair with a benchmark run of both models to replace any of these.
import Decimal from "decimal.js";
import { RATIO_DECIMALS, type RatioEstimate, type TokenRatios } from "./token-ratio";

const Exact = Decimal.clone({ precision: 40 });

export interface TokenizerFamily {
  id: string;
  /** Model aliases of this family (lower-cased before matching). */
  pattern: RegExp;
  /** Tokens for the same English text, relative to o200k_base. */
  relative: RatioEstimate;
  basis: "reference" | "measured" | "vendor-guidance" | "assumption";
  source: string;
}

export const TOKENIZER_FAMILIES: readonly TokenizerFamily[] = [
  {
    id: "openai-o200k",
    pattern: /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4)(\b|[-.:])/,
    relative: { point: "1", low: "1", high: "1" },
    basis: "reference",
    source: "The unit of this table: OpenAI's o200k_base encoding (GPT-4o, GPT-4.1, GPT-5 and the o-series use it; gpt-tokenizer's model map).",
  },
  {
    id: "openai-cl100k",
    pattern: /^(gpt-4(?![o.])|gpt-3\.5|text-embedding-3|text-embedding-ada)/,
    relative: { point: "1", low: "0.975", high: "1.025" },
    basis: "measured",
    source:
      "Measured for this table with gpt-tokenizer 4 (cl100k_base vs o200k_base token counts): English prose, 6 design and guide documents " +
      "(29,230 o200k tokens): 1.0037 overall, 0.997-1.025 per document; TypeScript, 339 source files of this repository (248,325 tokens): " +
      "0.9925 overall, 0.975-1.007 per file (10th-90th percentile). Non-English text differs more (o200k is the more efficient there).",
  },
  {
    id: "google-gemini",
    pattern: /^(gemini|gemma)(\b|[-.:])/,
    relative: { point: "1", low: "0.94", high: "1.25" },
    basis: "vendor-guidance",
    source:
      "Google's Gemini API token guide: a token is about 4 characters, 100 tokens about 60-80 English words; OpenAI's guidance for its " +
      "tokenizers: about 4 characters, 100 tokens about 75 words. Tokens per word 1.25-1.67 against 1.33 gives 0.94-1.25, centred on " +
      "equal (both about 4 characters). Gemma shares the Gemini family's SentencePiece vocabulary (Gemma technical report).",
  },
  {
    id: "meta-llama3",
    pattern: /^(meta-)?llama-?[34]/,
    relative: { point: "1", low: "0.975", high: "1.05" },
    basis: "assumption",
    source:
      "Llama 3's tokenizer is tiktoken-based with a 128K vocabulary (Meta's Llama 3 release and reference code); assumed to count English " +
      "like cl100k_base (the openai-cl100k entry), with a wider upper bound. No published ratio against o200k.",
  },
  {
    id: "anthropic-claude",
    pattern: /^claude/,
    relative: { point: "1", low: "0.9", high: "1.3" },
    basis: "assumption",
    source:
      "Anthropic publishes no tokenizer and no ratio against OpenAI's (counts come only from its count_tokens API); Anthropic's Claude " +
      "Opus 4.7 release notes report its newer tokenizer at 1.0-1.35x the earlier Claude one depending on content. Assumed equal to o200k " +
      "with a wide band; measure with a benchmark of both models.",
  },
];

/** Any model of no known family: assumed equal, band as wide as the widest entry above. */
export const UNKNOWN_FAMILY: TokenizerFamily = {
  id: "unknown",
  pattern: /$^/,
  relative: { point: "1", low: "0.8", high: "1.25" },
  basis: "assumption",
  source: "No tokenizer family known for the model: assumed equal to o200k, with a wide band; measure with a benchmark of both models.",
};

export function tokenizerFamilyOf(model: string): TokenizerFamily {
  const alias = model.toLowerCase().replace(/^[\w-]+\//, ""); // "openai/gpt-5" -> "gpt-5"
  return TOKENIZER_FAMILIES.find((f) => f.pattern.test(alias)) ?? UNKNOWN_FAMILY;
}

const round = (d: Decimal, mode: Decimal.Rounding) => d.toDecimalPlaces(RATIO_DECIMALS, mode).toFixed();

/** The default ratios source -> target: 1 exactly within one known family, else target / source over the table. */
export function defaultTokenRatios(sourceModel: string, targetModel: string): TokenRatios {
  const s = tokenizerFamilyOf(sourceModel), t = tokenizerFamilyOf(targetModel);
  const same = s.id === t.id && s !== UNKNOWN_FAMILY;
  const estimate: RatioEstimate = same
    ? { point: "1", low: "1", high: "1" }
    : {
        point: round(new Exact(t.relative.point).div(s.relative.point), Decimal.ROUND_HALF_EVEN),
        low: round(new Exact(t.relative.low).div(s.relative.high), Decimal.ROUND_FLOOR),
        high: round(new Exact(t.relative.high).div(s.relative.low), Decimal.ROUND_CEIL),
      };
  const note = same ? `one tokenizer family (${s.id}): identical counts` : `${t.id} (${t.basis}) over ${s.id} (${s.basis})`;
  const provenance = { kind: "default" as const, sourceFamily: s.id, targetFamily: t.id, note };
  return {
    input: estimate,
    output: estimate,
    inputSource: provenance,
    outputSource: { ...provenance, note: `${note}; the target is assumed to write as much text as the source (verbosity unmeasured)` },
  };
}
