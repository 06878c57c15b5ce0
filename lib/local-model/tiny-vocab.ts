// The tiny model's tokenizer: a SentencePiece-style ("llama") vocabulary that
// llama.cpp tokenizes without merges: control tokens, 256 byte-fallback
// tokens (any text encodes), printable ASCII, and "▁"-prefixed words with
// every prefix of each word, so the tokenizer's greedy pair merging can reach
// the whole word. Scores favour longer pieces.

/** llama.cpp token types. */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export const SPECIAL_TOKENS = { unk: "<unk>", bos: "<s>", eos: "</s>", imStart: "<|im_start|>", imEnd: "<|im_end|>" } as const;

/** Word pieces the model may generate (the output layer gives every other token a zero logit). */
const WORDS = (
  "the of and to in is it that for on with as at by from this be are was or an not but all can more cost token model budget price " +
  "request local cloud proxy cache latency spend hour day week month team project key route tier fast slow cheap small large " +
  "answer question data test run time rate limit queue batch stream chunk usage meter bill invoice report chart alert fine good " +
  "new old one two three four five six seven eight nine ten zero yes no maybe why how what when where who which very much many " +
  "some any each every other same next last first then now here there up down out over under again also only just so than too " +
  "llama tiny random weights gibberish hello world please thanks sure okay right left north south east west red green blue light"
).split(" ");

export interface TinyVocab {
  tokens: string[];
  scores: number[];
  types: number[];
  ids: { unk: number; bos: number; eos: number; imStart: number; imEnd: number };
  /** Token ids the output layer may favour: whole words and a little punctuation. */
  generatable: Set<number>;
}

export function buildTinyVocab(): TinyVocab {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const index = new Map<string, number>();
  const add = (piece: string, type: number, score: number) => {
    if (index.has(piece)) return index.get(piece)!;
    index.set(piece, tokens.length);
    tokens.push(piece);
    scores.push(score);
    types.push(type);
    return tokens.length - 1;
  };
  const ids = {
    unk: add(SPECIAL_TOKENS.unk, TOKEN_TYPE.unknown, 0),
    bos: add(SPECIAL_TOKENS.bos, TOKEN_TYPE.control, 0),
    eos: add(SPECIAL_TOKENS.eos, TOKEN_TYPE.control, 0),
    imStart: add(SPECIAL_TOKENS.imStart, TOKEN_TYPE.control, 0),
    imEnd: add(SPECIAL_TOKENS.imEnd, TOKEN_TYPE.control, 0),
  };
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, TOKEN_TYPE.byte, 0);
  add("▁", TOKEN_TYPE.normal, -1);
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c), TOKEN_TYPE.normal, -1);
  const generatable = new Set<number>([".", ",", "!", "?"].map((p) => index.get(p)!));
  for (const word of WORDS) {
    for (let n = 1; n <= word.length; n++) add(`▁${word.slice(0, n)}`, TOKEN_TYPE.normal, n);
    generatable.add(index.get(`▁${word}`)!);
  }
  return { tokens, scores, types, ids, generatable };
}
