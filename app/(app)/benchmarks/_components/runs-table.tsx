"use client";

// Recent benchmark runs: status, live progress, pass rate, p95 TTFT and cost
// per 1,000 cases. While any run is queued or running it re-reads the runs
// every 2 s (GET /api/manage/v1/benchmarks/runs, the same query the page
// rendered) and stops when none is; when one ends, the page refreshes so
// what depends on finished runs (suites' last runs) follows.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatLatencyMs } from "@/lib/benchmarks/view/format-metric";
import { isActiveStatus } from "@/lib/benchmarks/view/run-progress";
import type { RunListItem } from "@/lib/benchmarks/view/run-list-item";
import { formatWhen } from "@/lib/benchmarks/view/format-metric";
import { DataTable, type CellRenderers, type Column, type Row } from "../../_components/data-table";
import { RunProgressBar, RunStatusBadge } from "./run-status";

const POLL_MS = 2000;

const columns: Column[] = [
  { key: "suite", label: "Suite", linkKey: "suiteHref" },
  { key: "model", label: "Model", linkKey: "href" },
  { key: "status", label: "Status" },
  { key: "progress", label: "Progress", kind: "percent" },
  { key: "passRate", label: "Pass rate", kind: "percent" },
  { key: "ttftP95Ms", label: "p95 TTFT (ms)", kind: "ms" },
  { key: "costPer1kCasesUsd", label: "USD per 1k cases", kind: "usd" },
  { key: "startedAt", label: "Started (UTC)" },
  { key: "batch", label: "Batch" },
];

export function RunsTable({ initial, query, caption = "Recent benchmark runs", testId = "runs-table" }: { initial: RunListItem[]; query: string; caption?: string; testId?: string }) {
  const router = useRouter();
  const [runs, setRuns] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  // A server refresh (a run started from a dialog) brings new runs: take them.
  if (initial !== seen) {
    setSeen(initial);
    setRuns(initial);
  }
  const active = runs.some((r) => isActiveStatus(r.status));
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/manage/v1/benchmarks/runs?${query}`, { cache: "no-store" });
        if (!res.ok) throw new Error(`status ${res.status}`);
        const next = ((await res.json()) as { data: RunListItem[] }).data;
        if (cancelled) return;
        setPollError(null);
        const stillActive = next.some((r) => isActiveStatus(r.status));
        setRuns(next);
        if (!stillActive) router.refresh();
      } catch (error) {
        if (!cancelled) setPollError(`Could not refresh the runs (${(error as Error).message}); retrying.`);
        if (!cancelled) setRuns((r) => [...r]);
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [active, runs, query, router]);

  const rows: Row[] = runs.map((r) => ({
    id: r.id, suite: r.suite.name, suiteHref: `/benchmarks/suites/${r.suite.id}`, model: r.model, href: `/benchmarks/runs/${r.id}`, status: r.status,
    progress: r.progress.total > 0 ? r.progress.done / r.progress.total : 0,
    passRate: r.headline?.passRate ?? null, ttftP95Ms: r.headline?.ttftP95Ms ?? null,
    costPer1kCasesUsd: r.headline?.costPer1kCasesUsd ?? null, startedAt: formatWhen(r.startedAt ?? r.createdAt), batch: r.batchId,
  }));
  const byId = new Map(runs.map((r) => [r.id, r]));
  const finished = (row: Row) => !isActiveStatus(String(row.status)) && byId.get(String(row.id))?.headline;
  const cells: CellRenderers = {
    status: (row) => <RunStatusBadge status={String(row.status)} stopReason={byId.get(String(row.id))?.stopReason} />,
    progress: (row) => {
      const run = byId.get(String(row.id))!;
      return <RunProgressBar status={run.status} progress={run.progress} label={`${run.suite.name} on ${run.model}`} />;
    },
    passRate: (row, content) => (finished(row) ? content : "–"),
    ttftP95Ms: (row) => (finished(row) ? formatLatencyMs(row.ttftP95Ms as number | null) : "–"),
    costPer1kCasesUsd: (row, content) => (finished(row) ? content : "–"),
    model: (row, content) => <span className="whitespace-nowrap">{content}</span>,
    startedAt: (row) => <span className="whitespace-nowrap tabular-nums">{String(row.startedAt)}</span>,
    batch: (row) => <Link href={`/benchmarks/compare?batch=${encodeURIComponent(String(row.batch))}`} aria-label={`Compare the runs of batch ${String(row.batch).slice(0, 8)}`}>compare</Link>,
  };
  return (
    <div data-active={active ? "true" : "false"} data-testid={`${testId}-wrapper`}>
      {active && <p className="m-0 mb-1 text-xs text-muted-foreground" aria-live="polite">Runs in progress: refreshing every 2 s.</p>}
      {pollError && <p role="alert" className="m-0 mb-1 text-xs text-destructive">{pollError}</p>}
      <DataTable columns={columns} rows={rows} caption={caption} csvName="benchmark-runs" testId={testId} empty="No runs yet. Run a suite to see its results here." cells={cells} />
    </div>
  );
}
