"use client";

// Every measured request of a run: case, repeat, outcome, score, timings,
// tokens, cost and error class. The case links to its detail (full output,
// each check's result and reason, the judge's prompt and answer).
import { Badge } from "@/components/ui/badge";
import { formatLatencyMs } from "@/lib/benchmarks/view/format-metric";
import { formatNumber } from "@/lib/format/format-number";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";

export interface ResultRow extends Row {
  id: string;
  caseId: string;
  href: string;
  repeat: number;
  outcome: "pass" | "fail" | "error" | "not graded";
  score: number | null;
  ttftMs: number | null;
  e2eMs: number | null;
  outputTokens: number | null;
  costUsd: string | null;
  errorClass: string | null;
}

const columns: Column[] = [
  { key: "caseId", label: "Case", linkKey: "href" },
  { key: "repeat", label: "Repeat", kind: "count" },
  { key: "outcome", label: "Result" },
  { key: "score", label: "Score", kind: "count" },
  { key: "ttftMs", label: "TTFT (ms)", kind: "ms" },
  { key: "e2eMs", label: "E2E (ms)", kind: "ms" },
  { key: "outputTokens", label: "Output tokens", kind: "tokens" },
  { key: "costUsd", label: "Cost (USD)", kind: "usd" },
  { key: "errorClass", label: "Error class" },
];

const OUTCOME_VARIANT = { pass: "ok", fail: "danger", error: "danger", "not graded": "neutral" } as const;

const cells: CellRenderers = {
  repeat: (row) => formatNumber(Number(row.repeat) + 1),
  outcome: (row) => <Badge variant={OUTCOME_VARIANT[row.outcome as ResultRow["outcome"]] ?? "neutral"}>{String(row.outcome)}</Badge>,
  score: (row) => (row.score === null ? "–" : formatNumber(Number(row.score), { fractionDigits: 2 })),
  ttftMs: (row) => formatLatencyMs(row.ttftMs as number | null),
  e2eMs: (row) => formatLatencyMs(row.e2eMs as number | null),
  errorClass: (row) => (row.errorClass ? <Badge variant="danger">{String(row.errorClass)}</Badge> : <span className="text-muted-foreground">–</span>),
};

export function ResultsTable({ rows }: { rows: ResultRow[] }) {
  return <DataTable columns={columns} rows={rows} caption="Per-case results" csvName="benchmark-results" testId="results-table" empty="No results recorded yet." cells={cells} />;
}
