// A review of the public price dataset (diff-public-prices.ts) as a price
// import for an admin to decide on, and whether the daily check should
// propose it. Pure.
//   rows        : the new, changed and hand-priced entries (unchanged ones
//                 are only counted);
//   row keys    : what a row proposes, without the moment of the check (a
//                 changed row's new version starts then) or the import date
//                 in its source, so the same diff checked twice has the
//                 same fingerprint;
//   proposal    : none when nothing can be written (no new or changed row);
//                 none when the pending import already holds this diff;
//                 none when every row is one the admin already decided on
//                 (applied, left unpicked or dismissed) in the last decided
//                 import; else a new pending import (superseding the old).
import { createHash } from "node:crypto";
import type { DiffEntry } from "./diff-public-prices";

export type ImportRow = DiffEntry & { status: "new" | "changed" | "hand-priced" };

const rates = (p: { input: string; cachedInput: string | null; cacheWrite: string | null; output: string; reasoning: string | null } | null) =>
  p ? [p.input, p.cachedInput, p.cacheWrite, p.output, p.reasoning] : null;

/** What a row proposes, stable across checks of the same dataset and price book. */
export function importRowKey(row: ImportRow): string {
  const proposed = row.proposed.map((p) => [row.status === "changed" ? null : p.effectiveFrom, ...rates(p)!]);
  return JSON.stringify([row.status, row.alias, proposed, rates(row.current), rates(row.dataset)]);
}

export function importRows(entries: readonly DiffEntry[]): ImportRow[] {
  return entries.filter((e): e is ImportRow => e.status !== "unchanged");
}

export function importFingerprint(source: string, rows: readonly ImportRow[]): string {
  const keys = rows.map(importRowKey).sort();
  return createHash("sha256").update(JSON.stringify([source, keys])).digest("hex");
}

export type ProposalDecision =
  | { kind: "propose"; fingerprint: string }
  | { kind: "nothing-to-import" }
  | { kind: "already-pending" }
  | { kind: "already-decided" };

export interface PriorImports {
  pending: { fingerprint: string } | null;
  /** The row keys of the latest applied or dismissed import, if any. */
  lastDecidedRowKeys: readonly string[] | null;
}

/** `source` is the package and version ("@pydantic/genai-prices@0.1.8"), without the import date. */
export function decideProposal(source: string, rows: readonly ImportRow[], prior: PriorImports): ProposalDecision {
  if (!rows.some((r) => r.status === "new" || r.status === "changed")) return { kind: "nothing-to-import" };
  const fingerprint = importFingerprint(source, rows);
  if (prior.pending?.fingerprint === fingerprint) return { kind: "already-pending" };
  if (prior.lastDecidedRowKeys) {
    const decided = new Set(prior.lastDecidedRowKeys);
    if (rows.every((r) => decided.has(importRowKey(r)))) return { kind: "already-decided" };
  }
  return { kind: "propose", fingerprint };
}
