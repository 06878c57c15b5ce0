"use client";

// The ranked recommendations: one row per candidate of a project x requested
// model (largest saving first), the spend over the range, what the candidate
// would have cost (exact re-pricing), the saving in dollars and percent, the
// measured quality it keeps (the worst suite's share of the requested
// model's pass rate) and its p95 TTFT change, and "Make scenario".
import type { RecommendationChoice } from "@/lib/whatif/recommendation-scenario";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";
import { MakeScenarioButton } from "./make-scenario-button";

export interface RecommendationRow extends Row {
  id: string;
  project: string;
  requestedModel: string;
  candidate: string;
  baselineUsd: string;
  simulatedUsd: string;
  savingUsd: string;
  /** A share 0..1 of the baseline. */
  savingShare: string;
  quality: string;
  latency: string;
  action: string;
}

const columns: Column[] = [
  { key: "project", label: "Project" },
  { key: "requestedModel", label: "Requested model" },
  { key: "candidate", label: "Candidate" },
  { key: "baselineUsd", label: "Spend (USD)", kind: "usd", usdSet: "cost" },
  { key: "simulatedUsd", label: "At candidate (USD)", kind: "usd", usdSet: "cost" },
  { key: "savingUsd", label: "Saving (USD)", kind: "usd", usdSet: "cost" },
  { key: "savingShare", label: "Saving %", kind: "percent" },
  { key: "quality", label: "Quality kept" },
  { key: "latency", label: "p95 TTFT Δ" },
  { key: "action", label: "Scenario" },
];

export function RecommendationsTable({ rows, choices, canCreate }: { rows: RecommendationRow[]; choices: Record<string, RecommendationChoice>; canCreate: boolean }) {
  const cells: CellRenderers = {
    quality: (_row, content) => <span className="tabular-nums">{content}</span>,
    latency: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
    action: (row) => (canCreate ? <MakeScenarioButton choice={choices[String(row.id)]!} /> : <span className="text-muted-foreground">–</span>),
  };
  return <DataTable columns={columns} rows={rows} caption="Recommendations, largest saving first" csvName="whatif-recommendations" testId="whatif-recommendations" empty="No candidate keeps quality and latency within these limits." cells={cells} />;
}
