"use client";

// The org's routing policies in the order the proxy evaluates them (by
// priority; a project's policies come before the org's for its requests):
// scope, mode, on/off, rules, last change, and the actions the viewer may
// take on each (owners and admins on org-wide ones, engineers on their
// projects').
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";
import { DeletePolicyButton, EnabledSwitch, ModeSwitchButton } from "./policy-actions";

export interface PolicyRow {
  id: string;
  name: string;
  projectName: string | null;
  priority: number;
  mode: "enforce" | "shadow";
  enabled: boolean;
  ruleCount: number;
  updatedAt: string;
  canEdit: boolean;
}

const columns: Column[] = [
  { key: "name", label: "Policy", linkKey: "href" },
  { key: "scope", label: "Applies to" },
  { key: "priority", label: "Priority", kind: "count" },
  { key: "mode", label: "Mode" },
  { key: "enabled", label: "Enabled" },
  { key: "rules", label: "Rules", kind: "count" },
  { key: "updated", label: "Updated (UTC)" },
  { key: "actions", label: "Actions" },
];

export function PoliciesTable({ policies }: { policies: PolicyRow[] }) {
  const byId = new Map(policies.map((p) => [p.id, p]));
  const rows: Row[] = policies.map((p) => ({
    id: p.id, name: p.name, href: `/routing/${p.id}`, scope: p.projectName ?? "Every project (org-wide)", priority: p.priority, mode: p.mode,
    enabled: p.enabled ? "on" : "off", rules: p.ruleCount, updated: p.updatedAt.slice(0, 16).replace("T", " "), actions: null,
  }));
  const policy = (row: Row) => byId.get(String(row.id))!;
  const cells: CellRenderers = {
    mode: (row) => <Badge variant={policy(row).mode === "shadow" ? "warn" : "primary"}>{policy(row).mode}</Badge>,
    enabled: (row, content) => (policy(row).canEdit ? <EnabledSwitch policy={policy(row)} /> : content),
    updated: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
    actions: (row) => {
      const p = policy(row);
      if (!p.canEdit) return <span className="text-xs text-muted-foreground">{p.projectName === null ? "owners and admins edit" : "read only"}</span>;
      return (
        <div className="flex flex-wrap items-center gap-1.5">
          <Link href={`/routing/${p.id}`} className="text-sm" aria-label={`Edit ${p.name}`}>Edit</Link>
          <ModeSwitchButton policy={p} />
          <DeletePolicyButton policy={p} />
        </div>
      );
    },
  };
  return <DataTable columns={columns} rows={rows} caption="Routing policies" csvName="routing-policies" testId="routing-policies" empty="No routing policies." cells={cells} />;
}
