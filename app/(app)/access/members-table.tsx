"use client";

// The org's members, oldest first: email, name, role (a select that changes
// it at once) and last sign-in day (UTC), with a remove action per member.
// The filter is client-side: an org's members are one bounded list (people,
// not events), loaded whole by the page.
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";
import { MemberRoleSelect, RemoveMemberButton } from "./access-forms";

export interface MemberRow extends Row {
  id: string;
  email: string;
  name: string;
  role: string;
  lastSignIn: string;
}

const columns: Column[] = [
  { key: "email", label: "Email" },
  { key: "name", label: "Name" },
  { key: "role", label: "Role" },
  { key: "lastSignIn", label: "Last sign-in" },
  { key: "actions", label: "Actions" },
];

const cells: CellRenderers = {
  role: (row) => <MemberRoleSelect userId={String(row.id)} email={String(row.email)} value={String(row.role)} />,
  lastSignIn: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
  actions: (row) => <RemoveMemberButton userId={String(row.id)} email={String(row.email)} />,
};

export function MembersTable({ rows }: { rows: MemberRow[] }) {
  return <DataTable rowKey="id" columns={columns} rows={rows} caption="Members" csvName="members" testId="members" empty="No members." cells={cells}
    filter={{ label: "Filter members", placeholder: "Email, name or role", keys: ["email", "name", "role"], noun: "members" }} />;
}
