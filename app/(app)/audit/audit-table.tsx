"use client";

// One page of the audit log (newest first): when, who (a link that filters
// by that actor, the logged id beside a resolved name), the action, what it
// was about (a link that filters by that entity) and the before/after JSON
// behind a disclosure. The page is the server's, and so is its order (filters,
// sorting and the next page stay on the server, lib/audit/audit-sort.ts): the
// table shows the page whole, its When, Who and Action headers link to the
// server's order, and What and the changes are not sortable (why: audit-sort.ts).
import Link from "next/link";
import type { AuditOrder, AuditSort } from "@/lib/audit/audit-sort";
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";

export interface AuditTableRow extends Row {
  id: string;
  when: string;
  who: string;
  actor: string;
  actorName: string | null;
  action: string;
  what: string;
  entityType: string;
  entityId: string | null;
  entityName: string | null;
  /** The before and after snapshots as indented JSON. */
  changes: string;
}

const columns: Column[] = [
  { key: "when", label: "When (UTC)" },
  { key: "who", label: "Who" },
  { key: "action", label: "Action" },
  { key: "what", label: "What" },
  { key: "changes", label: "Before → after" },
];

const filterHref = (filter: Record<string, string>) => `/audit?${new URLSearchParams(filter)}`;

const cells: CellRenderers = {
  when: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
  who: (row) => {
    const actor = String(row.actor);
    return (
      <>
        <Link href={filterHref({ actor })} title={`Only entries by ${actor}`}>{row.actorName ?? actor}</Link>
        {row.actorName && <div className="text-xs text-muted-foreground"><code>{actor}</code></div>}
      </>
    );
  },
  what: (row) => {
    const type = String(row.entityType);
    const id = row.entityId === null ? null : String(row.entityId);
    return (
      <>
        <span className="text-muted-foreground">{type}</span>{" "}
        {id && <Link href={filterHref({ entityType: type, entityId: id })} title={`Only entries about ${type} ${id}`}>{row.entityName ?? id}</Link>}
        {id && row.entityName && <div className="text-xs text-muted-foreground"><code>{id}</code></div>}
      </>
    );
  },
  changes: (row) => (
    <details>
      <summary>changes</summary>
      <pre style={{ whiteSpace: "pre-wrap", maxWidth: 600 }}>{row.changes}</pre>
    </details>
  ),
};

/** The table column of each server sort. */
const COLUMN_OF: Record<AuditSort, string> = { time: "when", actor: "who", action: "action" };

export function AuditTable({ rows, empty, pageSize, sort }: { rows: AuditTableRow[]; empty: string; pageSize: number; sort: { sort: AuditSort; order: AuditOrder; hrefs: Record<AuditSort, string> } }) {
  const serverSort = { key: COLUMN_OF[sort.sort], desc: sort.order === "desc", hrefs: { when: sort.hrefs.time, who: sort.hrefs.actor, action: sort.hrefs.action } };
  return <DataTable rowKey="id" columns={columns} rows={rows} caption="Audit log entries" csvName="audit-log" testId="audit-log" empty={empty} cells={cells} pageSize={pageSize} serverSort={serverSort} />;
}
