// What importing the public prices would change in an org's price book, for
// an admin to review before anything is written. Pure.
//   new        : a model the org does not have: created with the dataset's
//                prices (priced only: no deployment, so a what-if candidate,
//                not a route);
//   changed    : a model whose current price came from this dataset and now
//                differs: a new version effective from the moment of review
//                (the apply recomputes the diff: from the moment of apply),
//                never rewriting the past the ledger was priced at;
//   unchanged  : the current price equals the dataset's;
//   hand-priced: a model the org priced itself (or a local one) whose price
//                differs: listed, never overwritten.
import Decimal from "decimal.js";
import { priceInEffect } from "../../pricing/price-in-effect";
import type { PublicEntry } from "./map-public-prices";

export const PUBLIC_SOURCE_PREFIX = "@pydantic/genai-prices@";

export interface OrgPriceVersion {
  effectiveFrom: Date;
  input: string;
  cachedInput: string | null;
  cacheWrite: string | null;
  output: string;
  reasoning: string | null;
  source: string | null;
}
export interface OrgModel {
  alias: string;
  displayName: string | null;
  tierOverride: "premium" | "mid" | "economy" | null;
  isLocal: boolean;
  prices: OrgPriceVersion[];
}

export type DiffStatus = "new" | "changed" | "unchanged" | "hand-priced";
export interface DiffEntry {
  alias: string;
  provider: string;
  /** The dataset's name for the model. */
  displayName: string | null;
  status: DiffStatus;
  /** The org's price in effect at the review, if any. */
  current: Omit<OrgPriceVersion, "effectiveFrom" | "source"> & { effectiveFrom: string; source: string | null } | null;
  /** What applying writes: the versions of a new model, or one new version; none for unchanged and hand-priced. */
  proposed: PublicEntry["prices"];
  /** The dataset's price in effect at the review (what a hand-priced model is listed against), if any. */
  dataset: PublicEntry["prices"][number] | null;
  contextWindow: number | null;
  notCarried: string[];
}

const sameRate = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Decimal(a).eq(b));
const samePrice = (a: Pick<OrgPriceVersion, "input" | "cachedInput" | "cacheWrite" | "output" | "reasoning">, b: typeof a) =>
  sameRate(a.input, b.input) && sameRate(a.cachedInput, b.cachedInput) && sameRate(a.cacheWrite, b.cacheWrite) && sameRate(a.output, b.output) && sameRate(a.reasoning, b.reasoning);

export function diffPublicPrices(entries: readonly PublicEntry[], org: readonly OrgModel[], reviewAt: Date): DiffEntry[] {
  const byAlias = new Map(org.map((m) => [m.alias, m]));
  const from = new Date(Math.floor(reviewAt.getTime() / 1000) * 1000).toISOString();
  return entries.map((entry) => {
    const base = { alias: entry.alias, provider: entry.provider, displayName: entry.displayName, contextWindow: entry.contextWindow, notCarried: entry.notCarried };
    const mine = byAlias.get(entry.alias);
    const theirs = priceInEffect(entry.prices.map((p) => ({ ...p, effectiveFrom: new Date(p.effectiveFrom) })), reviewAt);
    const dataset = theirs ? { ...theirs, effectiveFrom: theirs.effectiveFrom.toISOString() } : null;
    if (!mine) return { ...base, dataset, status: "new", current: null, proposed: entry.prices };
    const ordered = [...mine.prices].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
    const current = priceInEffect(ordered, reviewAt) ?? null;
    const shown = current ? { ...current, effectiveFrom: current.effectiveFrom.toISOString() } : null;
    if (!theirs) return { ...base, dataset, status: "unchanged", current: shown, proposed: [] };
    if (current && samePrice(current, theirs)) return { ...base, dataset, status: "unchanged", current: shown, proposed: [] };
    const fromDataset = !mine.isLocal && current !== null && (current.source ?? "").startsWith(PUBLIC_SOURCE_PREFIX);
    if (!fromDataset) return { ...base, dataset, status: "hand-priced", current: shown, proposed: [] };
    return { ...base, dataset, status: "changed", current: shown, proposed: [{ ...theirs, effectiveFrom: from }] };
  });
}
