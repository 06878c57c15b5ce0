// When a price version took effect, as a finance lead reads it. Most prices in
// the public price dataset (@pydantic/genai-prices) have no start date; the
// import stores them at the documented stand-in BASE_EFFECTIVE_FROM
// (2000-01-01, "since before the dataset's history") so that they price every
// request. That day is a placeholder, not a fact, so it is never shown as a
// date: "undated" instead, with where the price came from. The stored date is
// unchanged (exports and the API keep it). Any other version shows its UTC day.
import { PUBLIC_SOURCE_PREFIX } from "../catalog/public-prices/diff-public-prices";
import { BASE_EFFECTIVE_FROM } from "../catalog/public-prices/map-public-prices";

const STAND_IN = new Date(BASE_EFFECTIVE_FROM).getTime();

export interface PriceSince {
  /** Whether the version is at the stand-in date (no start date known). */
  undated: boolean;
  /** For a table cell: "2026-01-01", "undated (public dataset)" or "undated". */
  label: string;
  /** In a sentence after "Price version ": "from 2026-01-01", "from the public dataset, undated". */
  phrase: string;
  /** What "undated" means, for a tooltip; null for a dated version. */
  explanation: string | null;
}

export function formatPriceSince(effectiveFrom: Date, source: string | null | undefined): PriceSince {
  if (effectiveFrom.getTime() !== STAND_IN) {
    const day = effectiveFrom.toISOString().slice(0, 10);
    return { undated: false, label: day, phrase: `from ${day}`, explanation: null };
  }
  const fromDataset = source?.startsWith(PUBLIC_SOURCE_PREFIX) ?? false;
  return {
    undated: true,
    label: fromDataset ? "undated (public dataset)" : "undated",
    phrase: fromDataset ? "from the public dataset, undated" : "undated",
    explanation: `${fromDataset ? "The public price dataset gives this price no start date" : "This price has no start date"}: it applies since before the dataset's history (stored as ${BASE_EFFECTIVE_FROM.slice(0, 10)}).`,
  };
}
