"use client";

// The org's suites: cases, description, each model's last finished run with
// its pass rate, and (for those who may) "Run" and, on a starter suite, a
// one-click run on the demo's local model.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatPercent } from "@/lib/benchmarks/view/format-metric";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";
import type { ModelOption } from "./model-options";
import { QuickRunButton } from "./quick-run-button";
import { RunSuiteDialog } from "./run-suite-dialog";

export interface SuiteRow {
  id: string;
  name: string;
  description: string | null;
  caseCount: number;
  starter: boolean;
  lastRuns: { runId: string; model: string; passRate: number | null }[];
}

export function SuitesTable({ suites, models, canRun, quickRunModel }: { suites: SuiteRow[]; models: ModelOption[]; canRun: boolean; quickRunModel: string | null }) {
  const columns: Column[] = [
    { key: "name", label: "Suite", linkKey: "href" },
    { key: "cases", label: "Cases", kind: "count" },
    { key: "description", label: "Description" },
    { key: "lastRuns", label: "Last run per model (pass rate)" },
    ...(canRun ? [{ key: "actions", label: "Run" }] : []),
  ];
  const byId = new Map(suites.map((s) => [s.id, s]));
  const rows: Row[] = suites.map((s) => ({
    id: s.id, name: s.name, href: `/benchmarks/suites/${s.id}`, cases: s.caseCount, description: s.description ?? "",
    lastRuns: s.lastRuns.map((r) => `${r.model} ${formatPercent(r.passRate)}`).join("; "), actions: null,
  }));
  const cells: CellRenderers = {
    name: (row, content) => (
      <span className="inline-flex items-center gap-1.5">{content}{byId.get(String(row.id))?.starter && <Badge>starter</Badge>}</span>
    ),
    description: (row) => <span className="line-clamp-2 max-w-md text-muted-foreground">{String(row.description)}</span>,
    lastRuns: (row) => {
      const runs = byId.get(String(row.id))!.lastRuns;
      if (runs.length === 0) return <span className="text-muted-foreground">not run yet</span>;
      return (
        <ul className="m-0 list-none p-0">
          {runs.map((r) => (
            <li key={r.runId} className="whitespace-nowrap">
              <Link href={`/benchmarks/runs/${r.runId}`}>{r.model}</Link> <span className="tabular-nums">{formatPercent(r.passRate)}</span>
            </li>
          ))}
        </ul>
      );
    },
    actions: (row) => {
      const s = byId.get(String(row.id))!;
      return (
        <div className="flex items-center gap-1.5 whitespace-nowrap">
          <RunSuiteDialog suite={{ id: s.id, name: s.name, caseCount: s.caseCount }} models={models} defaultModels={quickRunModel ? [quickRunModel] : []} />
          {s.starter && quickRunModel && <QuickRunButton suite={s} model={quickRunModel} />}
        </div>
      );
    },
  };
  return <DataTable columns={columns} rows={rows} caption="Benchmark suites" csvName="benchmark-suites" testId="suites-table" empty="No suites yet." cells={cells} />;
}
