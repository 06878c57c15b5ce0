// The catalog Tollgate starts from (USD per 1M tokens, public price lists of
// early 2026; see DESIGN.md). It is data: editable and versioned by date.
export interface PriceBookEntry {
  alias: string;
  displayName: string;
  vendor: string;
  contextWindow: number | null;
  isLocal: boolean;
  inputPerMTok: string;
  cachedInputPerMTok: string | null;
  cacheWritePerMTok: string | null;
  outputPerMTok: string;
}

const entry = (e: Omit<PriceBookEntry, "cachedInputPerMTok" | "cacheWritePerMTok" | "isLocal"> & Partial<PriceBookEntry>): PriceBookEntry => ({
  cachedInputPerMTok: null,
  cacheWritePerMTok: null,
  isLocal: false,
  ...e,
});

export const PRICE_BOOK_SOURCE = "DESIGN.md price book (public price lists, early 2026)";
export const PRICE_BOOK_EFFECTIVE_FROM = "2026-01-01T00:00:00Z";

export const defaultPriceBook: PriceBookEntry[] = [
  entry({ alias: "claude-opus-4.1", displayName: "Claude Opus 4.1", vendor: "anthropic", contextWindow: 200_000, inputPerMTok: "15", cachedInputPerMTok: "1.5", cacheWritePerMTok: "18.75", outputPerMTok: "75" }),
  entry({ alias: "claude-sonnet-4.5", displayName: "Claude Sonnet 4.5", vendor: "anthropic", contextWindow: 200_000, inputPerMTok: "3", cachedInputPerMTok: "0.3", cacheWritePerMTok: "3.75", outputPerMTok: "15" }),
  entry({ alias: "gpt-5", displayName: "GPT-5", vendor: "openai", contextWindow: 400_000, inputPerMTok: "1.25", cachedInputPerMTok: "0.125", outputPerMTok: "10" }),
  entry({ alias: "gpt-5-mini", displayName: "GPT-5 mini", vendor: "openai", contextWindow: 128_000, inputPerMTok: "0.25", cachedInputPerMTok: "0.025", outputPerMTok: "2" }),
  entry({ alias: "gpt-5-nano", displayName: "GPT-5 nano", vendor: "openai", contextWindow: 128_000, inputPerMTok: "0.05", cachedInputPerMTok: "0.005", outputPerMTok: "0.4" }),
  entry({ alias: "claude-haiku-4.5", displayName: "Claude Haiku 4.5", vendor: "anthropic", contextWindow: 200_000, inputPerMTok: "1", cachedInputPerMTok: "0.1", cacheWritePerMTok: "1.25", outputPerMTok: "5" }),
  entry({ alias: "grok-4-fast", displayName: "Grok 4 Fast", vendor: "xai", contextWindow: 2_000_000, inputPerMTok: "0.2", outputPerMTok: "0.5" }),
  entry({ alias: "gemini-3-flash", displayName: "Gemini 3 Flash", vendor: "google", contextWindow: 1_000_000, inputPerMTok: "0.5", outputPerMTok: "3" }),
  entry({ alias: "deepseek-v3.2-exp", displayName: "DeepSeek V3.2-Exp", vendor: "deepseek", contextWindow: 128_000, inputPerMTok: "0.28", outputPerMTok: "0.42" }),
  entry({ alias: "phi-3-mini", displayName: "Phi-3 mini", vendor: "together", contextWindow: 128_000, inputPerMTok: "0.3", outputPerMTok: "0.3" }),
  entry({ alias: "mistral-7b", displayName: "Mistral 7B", vendor: "mistral", contextWindow: 32_000, inputPerMTok: "0.25", outputPerMTok: "0.25" }),
  entry({ alias: "gemma-2b", displayName: "Gemma 2B (local)", vendor: "ollama", contextWindow: 8_192, isLocal: true, inputPerMTok: "0", outputPerMTok: "0" }),
  entry({ alias: "qwen-0.6b", displayName: "Qwen 0.6B (local)", vendor: "ollama", contextWindow: 32_000, isLocal: true, inputPerMTok: "0", outputPerMTok: "0" }),
];
