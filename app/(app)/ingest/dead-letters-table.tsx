"use client";

// The usage events ingest could not store, newest first: when each was kept,
// its request id, why (invalid event or refused by Postgres), the error,
// how many tries failed, and the stored event behind a disclosure.
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";

export interface DeadLetterRow extends Row {
  id: string;
  kept: string;
  requestId: string;
  reason: string;
  errorCode: string | null;
  errorMessage: string;
  /** The code and message together (what sorting and the CSV use). */
  error: string;
  failures: number;
  payload: string;
}

const columns: Column[] = [
  { key: "kept", label: "Kept (UTC)" },
  { key: "requestId", label: "Request" },
  { key: "reason", label: "Reason" },
  { key: "error", label: "Error" },
  { key: "failures", label: "Failures", kind: "count" },
  { key: "payload", label: "Event" },
];

const cells: CellRenderers = {
  kept: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
  requestId: (_row, content) => <code>{content}</code>,
  error: (row) => <>{row.errorCode && <code>{row.errorCode}</code>} {row.errorMessage}</>,
  payload: (row) => <details><summary>payload</summary><pre style={{ whiteSpace: "pre-wrap", maxWidth: 520 }}>{row.payload}</pre></details>,
};

export function DeadLettersTable({ rows }: { rows: DeadLetterRow[] }) {
  return <DataTable rowKey="id" columns={columns} rows={rows} caption="Events that could not be stored" csvName="dead-letters" testId="dead-letters" empty="No events waiting for a replay." cells={cells} initialSort={{ key: "kept", desc: true }} />;
}
