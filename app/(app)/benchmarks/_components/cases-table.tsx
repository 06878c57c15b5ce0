"use client";

// A suite's cases: id, the first user message (a preview), vars and checks as badges.
import { Badge } from "@/components/ui/badge";
import { LIST_SEPARATOR } from "@/lib/benchmarks/view/describe-case";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";

export interface CaseRow extends Row {
  id: string;
  prompt: string;
  vars: string;
  checks: string;
}

const columns: Column[] = [
  { key: "id", label: "Case" },
  { key: "prompt", label: "First user message" },
  { key: "vars", label: "Vars" },
  { key: "checks", label: "Checks" },
];

const badges = (value: unknown, variant: "neutral" | "primary") => {
  const items = String(value ?? "").split(LIST_SEPARATOR).filter(Boolean);
  if (items.length === 0) return <span className="text-muted-foreground">–</span>;
  return <span className="flex flex-wrap gap-1">{items.map((t, i) => <Badge key={i} variant={variant} className="max-w-64 truncate font-mono" title={t}>{t}</Badge>)}</span>;
};

const cells: CellRenderers = {
  id: (row) => <code className="whitespace-nowrap">{String(row.id)}</code>,
  prompt: (row) => <span className="line-clamp-2 min-w-64 max-w-xl">{String(row.prompt)}</span>,
  vars: (row) => badges(row.vars, "neutral"),
  checks: (row) => badges(row.checks, "primary"),
};

export function CasesTable({ rows }: { rows: CaseRow[] }) {
  return <DataTable columns={columns} rows={rows} caption="Cases of this suite" csvName="benchmark-cases" testId="cases-table" empty="This suite has no cases." cells={cells} />;
}
