"use client";

// The org's providers by name: vendor, kind, base URL, whether a credential is
// stored (never the credential itself), enabled or not, and for admins the
// row's actions (edit, disable/enable, delete).
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";
import { ProviderActions } from "./provider-actions";

export interface ProviderTableRow extends Row {
  id: string;
  name: string;
  vendor: string;
  kind: string;
  baseUrl: string;
  credential: "set" | "none";
  status: "enabled" | "disabled";
}

const columns: Column[] = [
  { key: "name", label: "Name" },
  { key: "vendor", label: "Vendor" },
  { key: "kind", label: "Kind" },
  { key: "baseUrl", label: "Base URL" },
  { key: "credential", label: "Credential" },
  { key: "status", label: "Status" },
];

export function ProvidersTable({ rows, canEdit, empty }: { rows: ProviderTableRow[]; canEdit: boolean; empty: string }) {
  const cells: CellRenderers = {
    // A long URL wraps (anywhere), so the actions stay in view at 1280 px.
    baseUrl: (_row, content) => <code className="break-all">{content}</code>,
    name: (_row, content) => <span className="whitespace-nowrap">{content}</span>,
    credential: (row, content) => (row.credential === "set" ? content : <span className="muted">none</span>),
    status: (row, content) => (row.status === "enabled" ? content : <span className="warn">disabled</span>),
    actions: (row) => (
      <ProviderActions provider={{ id: String(row.id), name: String(row.name), baseUrl: String(row.baseUrl), enabled: row.status === "enabled", hasCredential: row.credential === "set" }} />
    ),
  };
  const shown = canEdit ? [...columns, { key: "actions", label: "Actions" }] : columns;
  return <DataTable rowKey="id" columns={shown} rows={rows} caption="Providers" csvName="providers" testId="providers-table" empty={empty} cells={cells} initialSort={{ key: "name", desc: false }} />;
}
