"use client";
// Every dashboard table, on TanStack Table: sortable by any column (keyboard:
// the headers are buttons, with aria-sort), columns that can be hidden
// ("Columns" menu), a sticky header, 25 rows a page when there are more (or
// `pageSize`: a table that is already one server page shows it whole), an
// empty state, and "Export CSV" of every row in the shown order (all pages,
// all columns) with raw values (money as exact decimal strings).
// Money follows lib/format/format-usd.ts: one precision per column (or per
// `usdSet` of columns read together), computed over all the table's rows.
// `cells` lets a client caller render a column its own way (a status badge,
// a progress bar) from the row and the default rendering; sorting and CSV
// still use the raw value. `rowKey` names the field that identifies a row, so
// a row's stateful cells (a select, an open dialog) stay with that row when
// rows are added, removed or re-sorted.
// `filter` adds a labelled search box over the named columns (client-side:
// for bounded lists, e.g. members, tokens, the catalog), with its own "nothing
// matches" state; sorting, paging and CSV then apply to the matching rows.
// `serverSort` is for a table that is one page of a server-sorted list (the
// audit log): the headers of the columns it names are links to the server's
// order, the others are not sortable, and rows are never re-sorted here.
import Decimal from "decimal.js";
import Link from "next/link";
import { useMemo, useState } from "react";
import { getCoreRowModel, getFilteredRowModel, getPaginationRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState, type VisibilityState } from "@tanstack/react-table";
import { ChevronLeft, ChevronRight, Columns3, Download, Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatChange } from "@/lib/format/format-change";
import { formatMs, formatNumber } from "@/lib/format/format-number";
import { formatUsdAt } from "@/lib/format/format-usd";
import { compareCells, isNumericKind, moneyDecimals, tableCsv, type CellValue, type Column, type Row } from "@/lib/ui/table-cells";

export type { CellValue, Column, Row } from "@/lib/ui/table-cells";

export const PAGE_SIZE = 25;

function render(value: CellValue, column: Column, row: Row, decimals: number) {
  const { kind } = column;
  if (value === null) return kind === "usd" ? <span className="text-destructive">unpriced</span> : <span className="text-muted-foreground">–</span>;
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
  if (kind === "percent") return `${formatNumber(Number(value) * 100, { fractionDigits: 1 })}%`;
  return String(value);
}

function downloadCsv(name: string, lines: string[]) {
  const url = URL.createObjectURL(new Blob(lines, { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type CellRenderers = Record<string, (row: Row, content: React.ReactNode) => React.ReactNode>;

/** A search box over `keys` (case-insensitive, anywhere in the text); `noun` names the rows in "No members match …". */
export interface TableFilter { label: string; placeholder?: string; keys: string[]; noun: string }
/** The server's order (`key`, `desc`) and, per sortable column, the URL that sorts by it. */
export interface ServerSort { key: string; desc: boolean; hrefs: Record<string, string> }

export function DataTable(props: {
  columns: Column[]; rows: Row[]; caption: string; csvName: string; testId?: string; empty?: string; initialSort?: { key: string; desc: boolean };
  cells?: CellRenderers; pageSize?: number; rowKey?: string; filter?: TableFilter; serverSort?: ServerSort;
}) {
  const pageSize = props.pageSize ?? PAGE_SIZE;
  const [localSorting, setSorting] = useState<SortingState>(props.initialSort ? [{ id: props.initialSort.key, desc: props.initialSort.desc }] : []);
  const sorting: SortingState = props.serverSort ? [{ id: props.serverSort.key, desc: props.serverSort.desc }] : localSorting;
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>({});
  const [query, setQuery] = useState("");
  const filterKeys = props.filter?.keys;
  const decimals = useMemo(() => moneyDecimals(props.columns, props.rows), [props.columns, props.rows]);
  const columns = useMemo<ColumnDef<Row>[]>(() => props.columns.map((c) => ({
    id: c.key,
    accessorFn: (r) => r[c.key] ?? null,
    header: c.label,
    sortingFn: (a, b) => compareCells(a.original[c.key] ?? null, b.original[c.key] ?? null, c.kind),
    enableHiding: true,
    enableGlobalFilter: filterKeys?.includes(c.key) ?? false,
  })), [props.columns, filterKeys]);
  // TanStack's table object is mutable, so the React Compiler leaves this component unmemoised (intended).
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: props.rows,
    columns,
    ...(props.rowKey ? { getRowId: (r: Row) => String(r[props.rowKey!]) } : {}),
    state: { sorting, columnVisibility, globalFilter: query.trim() },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setColumnVisibility,
    manualSorting: !!props.serverSort,
    globalFilterFn: "includesString",
    // Every column named in `filter.keys` is searched (TanStack's default looks at the first row's type).
    getColumnCanGlobalFilter: () => true,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageIndex: 0, pageSize } },
  });
  const byKey = new Map(props.columns.map((c) => [c.key, c]));
  const filtering = query.trim() !== "";
  const total = filtering ? table.getFilteredRowModel().rows.length : props.rows.length;
  const paged = total > pageSize;
  const { pageIndex } = table.getState().pagination;

  function exportCsv() {
    downloadCsv(props.csvName, tableCsv(props.columns, table.getSortedRowModel().rows.map((r) => r.original)));
  }

  return (
    <div className="min-w-0">
      <div className="mb-1 flex flex-wrap items-center justify-end gap-2">
        {props.filter && props.rows.length > 0 && (
          <div className="relative mr-auto w-64 max-w-full">
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input type="search" className="h-8 pl-7" aria-label={props.filter.label} placeholder={props.filter.placeholder ?? props.filter.label}
              value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        )}
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" size="sm" aria-label={`Columns: ${props.caption}`}><Columns3 aria-hidden />Columns</Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuLabel>Show columns</DropdownMenuLabel>
            {table.getAllLeafColumns().map((col) => (
              <DropdownMenuCheckboxItem key={col.id} checked={col.getIsVisible()} disabled={col.getIsVisible() && table.getVisibleLeafColumns().length === 1}
                onCheckedChange={(v) => col.toggleVisibility(v === true)} onSelect={(e) => e.preventDefault()}>
                {byKey.get(col.id)?.label}
              </DropdownMenuCheckboxItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
        <Button variant="outline" size="sm" onClick={exportCsv} disabled={total === 0} aria-label={`Export CSV: ${props.caption}`}
          title={`All ${formatNumber(total)} ${filtering ? "matching " : ""}rows and every column, exact decimals${paged ? " (not only this page)" : ""}`}>
          <Download aria-hidden />Export CSV
        </Button>
      </div>
      {/* relative: sr-only text in cells (absolutely positioned) scrolls with the table instead of widening the page */}
      <div className="relative max-h-[70vh] overflow-auto">
        <Table data-testid={props.testId}>
          <caption className="sr-only">{props.caption}</caption>
          <THead sticky>
            {table.getHeaderGroups().map((hg) => (
              <Tr key={hg.id} className="hover:bg-transparent">
                {hg.headers.map((h) => {
                  const c = byKey.get(h.column.id)!;
                  const numeric = isNumericKind(c.kind);
                  const dir = h.column.getIsSorted();
                  const label = <>{c.label}{dir === "desc" ? " ▼" : dir === "asc" ? " ▲" : ""}</>;
                  const href = props.serverSort?.hrefs[c.key];
                  const sortable = !props.serverSort || href !== undefined;
                  return (
                    <Th key={h.id} numeric={numeric} aria-sort={!sortable ? undefined : dir === "desc" ? "descending" : dir === "asc" ? "ascending" : "none"}>
                      {!sortable ? c.label : href !== undefined ? (
                        <Link href={href} className="rounded-sm text-inherit no-underline hover:text-foreground" title={`Sort the whole list by ${c.label}`}>{label}</Link>
                      ) : (
                        <button type="button" className="rounded-sm bg-transparent p-0 text-xs font-semibold uppercase tracking-wide text-inherit hover:text-foreground"
                          onClick={() => setSorting([{ id: c.key, desc: dir ? dir === "asc" : numeric }])}>
                          {label}
                        </button>
                      )}
                    </Th>
                  );
                })}
              </Tr>
            ))}
          </THead>
          <TBody>
            {table.getRowModel().rows.map((r) => (
              <Tr key={r.id}>
                {r.getVisibleCells().map((cell) => {
                  const c = byKey.get(cell.column.id)!;
                  const plain = render(r.original[c.key] ?? null, c, r.original, decimals.get(c.key) ?? 2);
                  const content = props.cells?.[c.key] ? props.cells[c.key]!(r.original, plain) : plain;
                  const href = c.linkKey ? r.original[c.linkKey] : null;
                  return <Td key={cell.id} numeric={isNumericKind(c.kind)}>{typeof href === "string" ? <Link href={href}>{content}</Link> : content}</Td>;
                })}
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>
      {props.rows.length === 0 && <p className="text-muted-foreground">{props.empty ?? "Nothing in this period."}</p>}
      {props.rows.length > 0 && total === 0 && (
        <p className="text-muted-foreground" role="status">
          No {props.filter?.noun ?? "rows"} match “{query.trim()}”.{" "}
          <Button variant="link" className="h-auto p-0 align-baseline" onClick={() => setQuery("")}>Clear the filter</Button>
        </p>
      )}
      {paged && (
        <nav className="mt-2 flex items-center justify-end gap-2 text-sm" aria-label={`Pages: ${props.caption}`}>
          <span className="text-muted-foreground tabular-nums">
            Rows {formatNumber(pageIndex * pageSize + 1)}–{formatNumber(Math.min((pageIndex + 1) * pageSize, total))} of {formatNumber(total)}
          </span>
          <Button variant="outline" size="sm" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}><ChevronLeft aria-hidden />Previous</Button>
          <Button variant="outline" size="sm" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>Next<ChevronRight aria-hidden /></Button>
        </nav>
      )}
    </div>
  );
}
