// The public price dataset (@pydantic/genai-prices, shipped as an npm
// package) as price-book entries (price-book-schema.ts), for the what-if's
// candidates beyond the org's catalog. Pure: the providers come in as data.
//
// Rules (documented in the README):
// - First-party providers only, in this order; an alias that an earlier one
//   already gave is skipped (Google's dataset also lists Anthropic models).
// - Alias = the dataset's model id. Text prices only: input, cached input
//   (cache read), cache write, output, reasoning output, per 1M tokens. A
//   model with other price dimensions (audio, images, per-request fees) is
//   imported with its text prices and says what was not carried.
// - Prices are the dataset's JSON numbers read through their shortest
//   decimal text (no float arithmetic); a price that is not finite, negative,
//   over 8 integer digits or finer than 6 decimals skips the model.
// - A price with no start date is in effect "since before the dataset's
//   history" (BASE_EFFECTIVE_FROM); dated prices start on their date. Tiered
//   (by context length) and time-of-day prices are skipped, with the reason.
import Decimal from "decimal.js";
import type { PriceBook } from "../price-book-schema";

export const PUBLIC_PROVIDERS = ["openai", "anthropic", "google", "mistral", "deepseek", "x-ai", "cohere", "moonshotai"] as const;
export const BASE_EFFECTIVE_FROM = "2000-01-01T00:00:00.000Z";

/** The dataset's shapes this mapping reads (a subset of the package's types). */
export interface PublicModelData {
  id: string;
  name?: string;
  context_window?: number;
  deprecated?: boolean;
  prices: Record<string, unknown> | { constraint?: { start_date?: string; [k: string]: unknown }; prices: Record<string, unknown> }[];
}
export interface PublicProviderData {
  id: string;
  models: PublicModelData[];
}

export type PublicEntry = PriceBook["models"][number] & { provider: string; contextWindow: number | null; notCarried: string[] };
export interface SkippedModel {
  provider: string;
  alias: string;
  reason: string;
}

const TEXT_KEYS = { input_mtok: "input", cache_read_mtok: "cachedInput", cache_write_mtok: "cacheWrite", output_mtok: "output", output_reasoning_mtok: "reasoning" } as const;

class SkipModel extends Error {}

// The catalog's alias rule (model-schemas.ts).
const ALIAS = /^[\w.:/-]+$/;

/** A dataset number as a price string of our price book, or a reason to skip. */
export function priceText(value: unknown, key: string): string {
  if (typeof value === "object" && value !== null) throw new SkipModel(`tiered ${key} prices`);
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new SkipModel(`${key} is not a price (${String(value)})`);
  const d = new Decimal(value.toString());
  if (d.decimalPlaces() > 6) throw new SkipModel(`${key} ${d.toFixed()} is finer than 6 decimals`);
  if (d.gte(1e8)) throw new SkipModel(`${key} ${d.toFixed()} is too large`);
  return d.toFixed();
}

function version(prices: Record<string, unknown>, effectiveFrom: string, source: string) {
  if (prices.input_mtok === undefined || prices.output_mtok === undefined) throw new SkipModel("no input or output price per token");
  const text = (key: keyof typeof TEXT_KEYS) => (prices[key] === undefined ? null : priceText(prices[key], key));
  return { effectiveFrom, input: text("input_mtok")!, cachedInput: text("cache_read_mtok"), cacheWrite: text("cache_write_mtok"), output: text("output_mtok")!, reasoning: text("output_reasoning_mtok"), source };
}

export function mapPublicPrices(providers: readonly PublicProviderData[], source: string): { entries: PublicEntry[]; skipped: SkippedModel[] } {
  const entries: PublicEntry[] = [];
  const skipped: SkippedModel[] = [];
  const seen = new Map<string, string>();
  for (const providerId of PUBLIC_PROVIDERS) {
    const provider = providers.find((p) => p.id === providerId);
    for (const model of provider?.models ?? []) {
      const alias = model.id.trim();
      if (!ALIAS.test(alias) || alias.length > 128) {
        skipped.push({ provider: providerId, alias: alias.slice(0, 128), reason: "an id that is not a model alias here (letters, digits and . _ : / - only)" });
        continue;
      }
      const earlier = seen.get(alias);
      if (earlier) {
        skipped.push({ provider: providerId, alias, reason: `also priced by ${earlier}, which comes first` });
        continue;
      }
      if (model.deprecated) {
        skipped.push({ provider: providerId, alias, reason: "deprecated" });
        continue;
      }
      try {
        const conditional = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
        const prices = conditional.map((c) => {
          const constraint = c.constraint;
          if (constraint && !constraint.start_date) throw new SkipModel("time-of-day prices");
          const from = constraint?.start_date ? new Date(`${constraint.start_date.slice(0, 10)}T00:00:00.000Z`) : new Date(BASE_EFFECTIVE_FROM);
          if (Number.isNaN(from.getTime())) throw new SkipModel(`an unreadable start date (${constraint?.start_date})`);
          return version(c.prices, from.toISOString(), source);
        });
        prices.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
        if (new Set(prices.map((p) => p.effectiveFrom)).size !== prices.length) throw new SkipModel("two prices from the same date");
        const keys = new Set(conditional.flatMap((c) => Object.keys(c.prices)));
        const notCarried = [...keys].filter((k) => !(k in TEXT_KEYS)).sort();
        const contextWindow = Number.isSafeInteger(model.context_window) && model.context_window! > 0 ? model.context_window! : null;
        entries.push({ alias, displayName: model.name?.slice(0, 200) ?? null, tierOverride: null, prices, provider: providerId, contextWindow, notCarried });
        seen.set(alias, providerId);
      } catch (error) {
        if (!(error instanceof SkipModel)) throw error;
        skipped.push({ provider: providerId, alias, reason: error.message });
      }
    }
  }
  return { entries, skipped };
}
