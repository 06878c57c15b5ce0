// The pure parts of DataTable (app/(app)/_components/data-table.tsx): how
// cells compare when sorting, the one money precision per column (or per
// `usdSet`) over every row (not one page), and the CSV of all rows.
import Decimal from "decimal.js";
import { csvLine } from "../exports/to-csv";
import { usdDecimalsFor } from "../format/format-usd";

export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;
export type ColumnKind = "text" | "usd" | "change" | "count" | "tokens" | "ms" | "tier" | "percent" | "rate";
export interface Column {
  key: string;
  label: string;
  /**
   * usd: decimal string, null = unpriced; change: signed decimal; count/tokens/ms: integers; tier: a tier badge; percent: a share 0..1;
   * rate: an exact decimal price (per 1M tokens) shown as written, not rounded to a money precision.
   */
  kind?: ColumnKind;
  /** Row field holding a URL to link this cell to. */
  linkKey?: string;
  /** usd/change columns with the same set share one precision (e.g. spend, previous period and change). */
  usdSet?: string;
  /** change: the row fields of the two periods, to show the change in percent (or "new") beside the amount. */
  changeOf?: { current: string; previous: string };
}

const NUMERIC: ReadonlySet<ColumnKind> = new Set(["usd", "change", "count", "tokens", "ms", "percent", "rate"]);

export function isNumericKind(kind: ColumnKind | undefined): boolean {
  return NUMERIC.has(kind ?? "text");
}

/** Ascending order of two cells: nulls (unpriced, none) first, numbers as exact decimals, text by locale. */
export function compareCells(a: CellValue, b: CellValue, kind: ColumnKind | undefined): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (isNumericKind(kind)) return new Decimal(a).comparedTo(new Decimal(b));
  return String(a).localeCompare(String(b));
}

/** One precision per money column, or per set of columns (usdSet), over every row given. */
export function moneyDecimals(columns: readonly Column[], rows: readonly Row[]): Map<string, number> {
  const sets = new Map<string, CellValue[]>();
  for (const c of columns) {
    if (c.kind !== "usd" && c.kind !== "change") continue;
    const set = c.usdSet ?? c.key;
    sets.set(set, [...(sets.get(set) ?? []), ...rows.map((r) => r[c.key] ?? null)]);
  }
  const decimals = new Map<string, number>();
  for (const c of columns) {
    const values = sets.get(c.usdSet ?? c.key);
    if (values) decimals.set(c.key, usdDecimalsFor(values.map((v) => (v === null ? null : String(v)))));
  }
  return decimals;
}

/** The CSV of the given rows in the given order: a header of labels, raw values (money as exact decimal strings), formula-guarded. */
export function tableCsv(columns: readonly Column[], rows: readonly Row[]): string[] {
  return [csvLine(columns.map((c) => c.label)), ...rows.map((r) => csvLine(columns.map((c) => r[c.key] ?? "")))];
}
