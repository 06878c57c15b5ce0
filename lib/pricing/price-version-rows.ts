// Reading price versions out of Postgres as exact decimal strings.
import type { PriceRates } from "./price-request";

/** The columns to select for a price version. */
export const priceVersionSelect = {
  id: true, effectiveFrom: true, inputPerMTok: true, cachedInputPerMTok: true, cacheWritePerMTok: true, outputPerMTok: true, reasoningPerMTok: true,
} as const;

// toFixed(): plain notation always (toString() may use exponents for tiny values).
type Dec = { toFixed(): string };

export interface PriceVersion extends PriceRates {
  id: string;
  effectiveFrom: Date;
}

const str = (d: Dec | null) => (d === null ? null : d.toFixed());

export function toPriceVersion(p: { id: string; effectiveFrom: Date; inputPerMTok: Dec; cachedInputPerMTok: Dec | null; cacheWritePerMTok: Dec | null; outputPerMTok: Dec; reasoningPerMTok: Dec | null }): PriceVersion {
  return {
    id: p.id,
    effectiveFrom: p.effectiveFrom,
    inputPerMTok: p.inputPerMTok.toFixed(),
    cachedInputPerMTok: str(p.cachedInputPerMTok),
    cacheWritePerMTok: str(p.cacheWritePerMTok),
    outputPerMTok: p.outputPerMTok.toFixed(),
    reasoningPerMTok: str(p.reasoningPerMTok),
  };
}

/** A price version in the price book's field names (the export format and the models API). */
export function toPriceBookFields(p: Parameters<typeof toPriceVersion>[0] & { source: string | null }) {
  const v = toPriceVersion(p);
  return { input: v.inputPerMTok, cachedInput: v.cachedInputPerMTok, cacheWrite: v.cacheWritePerMTok, output: v.outputPerMTok, reasoning: v.reasoningPerMTok, source: p.source };
}
