"use client";

// A scenario's recent runs, newest first: each one's status and headline; open one to read it.
import { Badge } from "@/components/ui/badge";
import { statusVariant } from "@/lib/whatif/view/read-scenario-result";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";

const columns: Column[] = [
  { key: "when", label: "Run (UTC)", linkKey: "href" },
  { key: "status", label: "Status" },
  { key: "baseline", label: "Baseline (USD)", kind: "usd", usdSet: "cost" },
  { key: "simulated", label: "Simulated (USD)", kind: "usd", usdSet: "cost" },
  { key: "quality", label: "Quality Δ" },
  { key: "latency", label: "p95 latency Δ" },
];

export function PastResultsTable({ rows }: { rows: Row[] }) {
  const numbers = (row: Row, content: React.ReactNode) => (row.status === "succeeded" ? content : <span className="text-muted-foreground">–</span>);
  const cells: CellRenderers = {
    when: (row, content) => <span className="whitespace-nowrap tabular-nums">{content}{row.shown === "yes" ? " (shown)" : ""}</span>,
    status: (row) => <Badge variant={statusVariant(String(row.status))}>{row.status}</Badge>,
    baseline: numbers,
    simulated: numbers,
    quality: numbers,
    latency: numbers,
  };
  return <DataTable columns={columns} rows={rows} caption="Past results" csvName="whatif-results" testId="whatif-results" empty="Not run yet." cells={cells} />;
}
