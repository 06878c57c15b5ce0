"use client";

// One row per rule of a result (and the traffic no rule matched): requests
// matched and moved, cost before and after in one money precision, the
// target (for a cheapestWhere rule, the one chosen and why), quality and
// p95 latency before and after. Unmeasured says so, never "no change".
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";

const columns: Column[] = [
  { key: "rule", label: "Rule" },
  { key: "share", label: "Share %", kind: "count" },
  { key: "requests", label: "Matched requests", kind: "count" },
  { key: "moved", label: "Moved", kind: "count" },
  { key: "before", label: "Cost before (USD)", kind: "usd", usdSet: "cost" },
  { key: "after", label: "Cost after (USD)", kind: "usd", usdSet: "cost" },
  { key: "target", label: "Target" },
  { key: "why", label: "Why this target" },
  { key: "quality", label: "Quality (pass rate)" },
  { key: "latency", label: "p95 latency" },
];

export function RuleResultsTable({ rows }: { rows: Row[] }) {
  const cells: CellRenderers = {
    rule: (_row, content) => <span className="block min-w-28">{content}</span>,
    why: (_row, content) => <span className="block min-w-24 max-w-64 text-xs text-muted-foreground">{content}</span>,
    // Unmeasured says why in small print (the models without results), never reads as equal.
    quality: (row, content) => (row.quality === "unmeasured"
      ? <span className="block min-w-28 max-w-56"><span className="italic text-muted-foreground">unmeasured</span>{row.qualityNote ? <span className="block text-xs text-muted-foreground">{row.qualityNote}</span> : null}</span>
      : <span className="block min-w-28 tabular-nums">{content}</span>),
    // Before and after on two lines, so the table fits the page at 1280 px.
    latency: (_row, content) => {
      const [before, after] = String(content).split(" → ");
      return <span className="block min-w-24 tabular-nums"><span className="whitespace-nowrap">{before} →</span> <span className="whitespace-nowrap">{after}</span></span>;
    },
    target: (_row, content) => <code className="text-xs">{content}</code>,
  };
  return <DataTable columns={columns} rows={rows} caption="Per rule" csvName="whatif-rules" testId="whatif-rules" empty="No rules." cells={cells} />;
}
