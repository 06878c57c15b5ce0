"use client";
// Every dashboard table: sortable by any column (keyboard: the headers are
// buttons), an empty state, and "Export CSV" of exactly the rows shown, with
// raw values (money as exact decimal strings, not the formatted text).
// Money follows lib/format/format-usd.ts: one precision per column (or per
// `usdSet` of columns read together), computed over all the table's rows.
import Decimal from "decimal.js";
import Link from "next/link";
import { useMemo, useState } from "react";
import { csvLine } from "@/lib/exports/to-csv";
import { formatChange } from "@/lib/format/format-change";
import { formatMs, formatNumber } from "@/lib/format/format-number";
import { formatUsdAt, usdDecimalsFor } from "@/lib/format/format-usd";

export type CellValue = string | number | null;
export interface Column {
  key: string;
  label: string;
  /** usd: decimal string, null = unpriced; change: signed decimal; count/tokens/ms: integers; tier: a tier badge. */
  kind?: "text" | "usd" | "change" | "count" | "tokens" | "ms" | "tier";
  /** Row field holding a URL to link this cell to. */
  linkKey?: string;
  /** usd/change columns with the same set share one precision (e.g. spend, previous period and change). */
  usdSet?: string;
  /** change: the row fields of the two periods, to show the change in percent (or "new") beside the amount. */
  changeOf?: { current: string; previous: string };
}
export type Row = Record<string, CellValue>;

const NUMERIC = new Set(["usd", "change", "count", "tokens", "ms"]);

function compare(a: CellValue, b: CellValue, kind: Column["kind"]): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (NUMERIC.has(kind ?? "text")) return new Decimal(a).comparedTo(new Decimal(b));
  return String(a).localeCompare(String(b));
}

function render(value: CellValue, column: Column, row: Row, decimals: number) {
  const { kind } = column;
  if (value === null) return kind === "usd" ? <span className="warn">unpriced</span> : <span className="muted">–</span>;
  if (kind === "usd") return formatUsdAt(String(value), decimals);
  if (kind === "change") {
    const d = new Decimal(value);
    const of = column.changeOf;
    const pct = of ? formatChange(String(row[of.current] ?? "0"), String(row[of.previous] ?? "0")) : null;
    return <span className={d.gt(0) ? "up" : d.lt(0) ? "down" : undefined}>{d.gt(0) ? "+" : ""}{formatUsdAt(String(value), decimals)}{pct && pct !== "–" ? ` (${pct})` : ""}</span>;
  }
  if (kind === "count" || kind === "tokens") return formatNumber(value);
  if (kind === "ms") return formatMs(Number(value));
  if (kind === "tier") return <span className={`tier tier-${value}`}>{value}</span>;
  return String(value);
}

/** One precision per money column, or per set of columns (usdSet), over every row. */
function moneyDecimals(columns: Column[], rows: Row[]): Map<string, number> {
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

export function DataTable(props: { columns: Column[]; rows: Row[]; caption: string; csvName: string; testId?: string; empty?: string; initialSort?: { key: string; desc: boolean } }) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const sorted = useMemo(() => {
    if (!sort) return props.rows;
    const kind = props.columns.find((c) => c.key === sort.key)?.kind;
    return [...props.rows].sort((a, b) => compare(a[sort.key] ?? null, b[sort.key] ?? null, kind) * (sort.desc ? -1 : 1));
  }, [props.rows, props.columns, sort]);
  const decimals = useMemo(() => moneyDecimals(props.columns, props.rows), [props.columns, props.rows]);

  function exportCsv() {
    const lines = [csvLine(props.columns.map((c) => c.label)), ...sorted.map((r) => csvLine(props.columns.map((c) => r[c.key] ?? "")))];
    const url = URL.createObjectURL(new Blob(lines, { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${props.csvName}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <div className="data-table">
      <div className="table-tools">
        <button type="button" className="secondary" onClick={exportCsv} disabled={sorted.length === 0} aria-label={`Export CSV: ${props.caption}`}>Export CSV</button>
      </div>
      <table data-testid={props.testId}>
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th key={c.key} className={NUMERIC.has(c.kind ?? "text") ? "num" : undefined} aria-sort={active ? (sort!.desc ? "descending" : "ascending") : "none"}>
                  <button type="button" className="sort" onClick={() => setSort({ key: c.key, desc: active ? !sort!.desc : NUMERIC.has(c.kind ?? "text") })}>
                    {c.label}{active ? (sort!.desc ? " ▼" : " ▲") : ""}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r, i) => (
            <tr key={i}>
              {props.columns.map((c) => {
                const cell = render(r[c.key] ?? null, c, r, decimals.get(c.key) ?? 2);
                const href = c.linkKey ? r[c.linkKey] : null;
                return <td key={c.key} className={NUMERIC.has(c.kind ?? "text") ? "num" : undefined}>{typeof href === "string" ? <Link href={href}>{cell}</Link> : cell}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length === 0 && <p className="muted">{props.empty ?? "Nothing in this period."}</p>}
    </div>
  );
}
