// Cells, a catalog and measurements for the what-if unit tests.
import type { PriceVersion } from "../../lib/pricing/price-version-rows";
import type { TrafficCell } from "../../lib/whatif/traffic-profile";
import type { CatalogModel, WhatIfCatalog } from "../../lib/whatif/whatif-inputs";

export const cell = (over: Partial<TrafficCell> = {}): TrafficCell => ({
  hour: new Date("2026-03-01T10:00:00Z"), projectId: "p1", apiKeyId: "k1", requestedModel: "gpt-5", servedModel: "gpt-5", tier: "mid",
  endpoint: "chat.completions", inputBand: "512-2k", tags: [], priced: true, requests: 10, inputTokens: 10_000, cachedInputTokens: 2_000,
  cacheWriteTokens: 0, outputTokens: 3_000, reasoningTokens: 500, costNano: 42_500_000n, latencyMsSum: 12_000, ttftMsSum: 3_000, ttftCount: 10, ...over,
});

export const price = (effectiveFrom: string, input: string, output: string, extra: Partial<PriceVersion> = {}): PriceVersion => ({
  id: `price-${input}-${output}-${effectiveFrom}`, effectiveFrom: new Date(effectiveFrom), inputPerMTok: input, cachedInputPerMTok: null,
  cacheWritePerMTok: null, outputPerMTok: output, reasoningPerMTok: null, ...extra,
});

export const model = (alias: string, provider: string, versions: PriceVersion[], extra: Partial<CatalogModel> = {}): CatalogModel => ({
  alias, provider, isLocal: false, tier: "economy", versions, ...extra,
});

export const catalogOf = (...models: CatalogModel[]): WhatIfCatalog => new Map(models.map((m) => [m.alias, m]));

export const catalog = catalogOf(
  model("gpt-5", "openai", [price("2025-01-01T00:00:00Z", "1.25", "10", { cachedInputPerMTok: "0.125" })], { tier: "mid" }),
  model("gpt-5-mini", "openai", [price("2025-01-01T00:00:00Z", "0.25", "2", { cachedInputPerMTok: "0.025" }), price("2026-03-01T12:00:00Z", "0.2", "1.6", { cachedInputPerMTok: "0.02" })]),
  model("gpt-5-nano", "openai", [price("2025-01-01T00:00:00Z", "0.05", "0.4", { cachedInputPerMTok: "0.005" })]),
  model("claude-haiku-4.5", "anthropic", [price("2025-01-01T00:00:00Z", "1", "5", { cachedInputPerMTok: "0.1", cacheWritePerMTok: "1.25" })]),
  model("gemini-3-flash", "google", [price("2025-01-01T00:00:00Z", "0.5", "3", { cachedInputPerMTok: "0.05" })]),
  model("qwen-local", "vllm", [price("2025-01-01T00:00:00Z", "0", "0")], { isLocal: true }),
  model("later", "openai", [price("2026-06-01T00:00:00Z", "0.1", "0.1")]),
);
