"use client";

// The org's rate limits, oldest first: what each applies to (a key, a
// project or a model), requests and tokens per minute and concurrent
// requests ("–" where not limited), and, for those who may edit, a delete.
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";
import { DeleteRateLimitButton } from "./rate-limit-forms";

export interface RateLimitRow extends Row {
  id: string;
  appliesTo: string;
  requestsPerMin: number | null;
  tokensPerMin: number | null;
  maxConcurrent: number | null;
}

const columns: Column[] = [
  { key: "appliesTo", label: "Applies to" },
  { key: "requestsPerMin", label: "Requests/min", kind: "count" },
  { key: "tokensPerMin", label: "Tokens/min", kind: "tokens" },
  { key: "maxConcurrent", label: "Concurrent", kind: "count" },
];

export function RateLimitsTable({ rows, canEdit, empty }: { rows: RateLimitRow[]; canEdit: boolean; empty: string }) {
  const cells: CellRenderers = {
    actions: (row) => <DeleteRateLimitButton policyId={String(row.id)} label={String(row.appliesTo)} />,
  };
  const shown = canEdit ? [...columns, { key: "actions", label: "Actions" }] : columns;
  return <DataTable rowKey="id" columns={shown} rows={rows} caption="Rate limits" csvName="rate-limits" testId="rate-limits" empty={empty} cells={cells} />;
}
