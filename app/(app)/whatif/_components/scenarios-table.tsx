"use client";

// The org's what-if scenarios, newest first: the range, how many rules, the
// latest run's status and its headline (baseline, simulated cost and the
// saving in one money precision, the saving in percent, quality and p95 latency deltas). A result
// still queued or running has no numbers yet ("–", never "unpriced").
import { Badge } from "@/components/ui/badge";
import { statusVariant } from "@/lib/whatif/view/read-scenario-result";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";

export interface ScenarioRow extends Row {
  id: string;
  name: string;
  href: string;
  range: string;
  rules: number;
  status: string;
  baselineUsd: string | null;
  simulatedUsd: string | null;
  savingUsd: string | null;
  /** A share 0..1 (of the baseline); null without a baseline. */
  savingShare: string | null;
  quality: string;
  latency: string;
}

const columns: Column[] = [
  { key: "name", label: "Scenario", linkKey: "href" },
  { key: "range", label: "Range" },
  { key: "rules", label: "Rules", kind: "count" },
  { key: "status", label: "Last result" },
  { key: "baselineUsd", label: "Baseline (USD)", kind: "usd", usdSet: "cost" },
  { key: "simulatedUsd", label: "Simulated (USD)", kind: "usd", usdSet: "cost" },
  { key: "savingUsd", label: "Saving (USD)", kind: "usd", usdSet: "cost" },
  { key: "savingShare", label: "Saving %", kind: "percent" },
  { key: "quality", label: "Quality Δ" },
  { key: "latency", label: "p95 latency Δ" },
];

export function ScenariosTable({ rows }: { rows: ScenarioRow[] }) {
  const numbers = (row: Row, content: React.ReactNode) => (row.status === "succeeded" ? content : <span className="text-muted-foreground">–</span>);
  const cells: CellRenderers = {
    status: (row) => <Badge variant={statusVariant(String(row.status))}>{row.status === "none" ? "not run" : row.status}</Badge>,
    range: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
    baselineUsd: numbers,
    simulatedUsd: numbers,
    savingUsd: numbers,
    savingShare: numbers,
    quality: (row, content) => (row.status === "succeeded" ? <span className={row.quality === "unmeasured" ? "text-muted-foreground italic" : "tabular-nums"}>{content}</span> : "–"),
    latency: (row, content) => (row.status === "succeeded" ? <span className={row.latency === "unmeasured" ? "text-muted-foreground italic" : "whitespace-nowrap tabular-nums"}>{content}</span> : "–"),
  };
  return <DataTable columns={columns} rows={rows} caption="What-if scenarios" csvName="whatif-scenarios" testId="whatif-scenarios" empty="No scenarios." cells={cells} />;
}
