// A price import as the Models page shows it (app/(app)/models/price-import-section.tsx):
// one row per model with exact decimal prices as text. Pure.
import type { StoredImportDiff } from "./io/check-public-prices";
import type { ImportRow } from "./propose-price-import";

type Rates = { input: string; output: string; cachedInput: string | null } | null | undefined;

export const ratesText = (p: Rates) => (p ? `${p.input} / ${p.output}${p.cachedInput !== null ? ` (cached ${p.cachedInput})` : ""}` : null);

export function importRowView(r: ImportRow) {
  const proposed = r.status === "hand-priced" ? r.dataset : r.proposed.at(-1);
  return {
    alias: r.alias, provider: r.provider, status: r.status, current: ratesText(r.current), proposed: ratesText(proposed),
    versions: r.proposed.length, contextWindow: r.contextWindow, notCarried: r.notCarried.join(", "),
  };
}

export function priceImportView(found: { id: string; source: string; status: string; counts: unknown; createdAt: Date; createdBy: string; decidedAt: Date | null; decidedBy: string | null; appliedAliases: string[]; diff?: StoredImportDiff }) {
  if (found.status === "pending" && found.diff) {
    return {
      pending: {
        id: found.id, source: found.source, reviewedSource: found.diff.reviewedSource, createdAt: found.createdAt.toISOString(), createdBy: found.createdBy,
        counts: found.counts as Record<string, number>, rows: found.diff.rows.map(importRowView), skipped: found.diff.skipped,
      },
      last: null,
    };
  }
  return { pending: null, last: { status: found.status, source: found.source, decidedAt: found.decidedAt?.toISOString() ?? null, decidedBy: found.decidedBy, applied: found.appliedAliases.length } };
}
