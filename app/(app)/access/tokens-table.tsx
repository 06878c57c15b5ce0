"use client";

// The org's management tokens, newest first: name, the prefix (never the
// token), role, the projects an engineer or viewer token sees, expiry, last
// use, status (active, expired, revoked) and a revoke unless already revoked.
// The filter is client-side: an org's tokens are a bounded list (one per
// script or person, revoked ones included), loaded whole by the page.
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";
import { RevokeTokenButton } from "./access-forms";

export interface TokenRow extends Row {
  id: string;
  name: string;
  prefix: string;
  role: string;
  projects: string;
  expires: string;
  lastUsed: string;
  status: "active" | "expired" | "revoked";
}

const columns: Column[] = [
  { key: "name", label: "Name" },
  { key: "prefix", label: "Token" },
  { key: "role", label: "Role" },
  { key: "projects", label: "Projects" },
  { key: "expires", label: "Expires" },
  { key: "lastUsed", label: "Last used (UTC)" },
  { key: "status", label: "Status" },
  { key: "actions", label: "Actions" },
];

const cells: CellRenderers = {
  prefix: (_row, content) => <code>{content}…</code>,
  expires: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
  lastUsed: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
  status: (row, content) => (row.status === "active" ? content : <span className="warn">{content}</span>),
  actions: (row) => (row.status === "revoked" ? null : <RevokeTokenButton tokenId={String(row.id)} name={String(row.name)} />),
};

export function TokensTable({ rows }: { rows: TokenRow[] }) {
  return <DataTable rowKey="id" columns={columns} rows={rows} caption="Management tokens" csvName="management-tokens" testId="tokens" empty="No tokens yet." cells={cells}
    filter={{ label: "Filter management tokens", placeholder: "Name, prefix, role or project", keys: ["name", "prefix", "role", "projects", "status"], noun: "tokens" }} />;
}
