// Runs side by side: headline metrics as rows, runs as columns, the best
// value of each row marked (lowest latency and cost, highest pass rate and
// throughput). Money shares one precision per row; unpriced reads "unpriced".
import Link from "next/link";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RunHeadline } from "@/lib/benchmarks/read-run-headline";
import { bestColumns, type Better } from "@/lib/benchmarks/view/best-values";
import { formatLatencyMs, formatPercent, formatPercentInterval, formatRate, formatWhen } from "@/lib/benchmarks/view/format-metric";
import type { RunListItem } from "@/lib/benchmarks/view/run-list-item";
import { formatNumber } from "@/lib/format/format-number";
import { formatUsdAt, usdDecimalsFor } from "@/lib/format/format-usd";
import { cn } from "@/lib/ui/cn";
import { RunStatusBadge } from "./run-status";

type Metric =
  | { label: string; better: Better | null; kind: "number"; read: (h: RunHeadline) => number | null; format: (v: number) => string }
  | { label: string; better: Better | null; kind: "usd"; read: (h: RunHeadline) => string | null };

const METRICS: Metric[] = [
  { label: "Pass rate", better: "higher", kind: "number", read: (h) => h.passRate, format: (v) => formatPercent(v) },
  { label: "Mean score", better: "higher", kind: "number", read: (h) => h.meanScore, format: (v) => formatNumber(v, { fractionDigits: 3 }) },
  { label: "TTFT p50", better: "lower", kind: "number", read: (h) => h.ttftP50Ms, format: formatLatencyMs },
  { label: "TTFT p95", better: "lower", kind: "number", read: (h) => h.ttftP95Ms, format: formatLatencyMs },
  { label: "TPOT p50", better: "lower", kind: "number", read: (h) => h.tpotP50Ms, format: formatLatencyMs },
  { label: "E2E p50", better: "lower", kind: "number", read: (h) => h.e2eP50Ms, format: formatLatencyMs },
  { label: "E2E p95", better: "lower", kind: "number", read: (h) => h.e2eP95Ms, format: formatLatencyMs },
  { label: "Output tokens/s", better: "higher", kind: "number", read: (h) => h.outputTokensPerSec, format: (v) => formatRate(v, "tok/s") },
  { label: "Requests/s", better: "higher", kind: "number", read: (h) => h.requestsPerSec, format: (v) => formatRate(v, "req/s") },
  { label: "Error rate", better: "lower", kind: "number", read: (h) => h.errorRate, format: (v) => formatPercent(v) },
  { label: "USD per 1,000 cases", better: "lower", kind: "usd", read: (h) => h.costPer1kCasesUsd },
  { label: "Cost of the run (with warm-up and judge)", better: null, kind: "usd", read: (h) => h.totalCostUsd },
  { label: "of which llm-rubric judge", better: null, kind: "usd", read: (h) => h.judgeCostUsd },
  { label: "Hardware USD per 1M output tokens", better: "lower", kind: "usd", read: (h) => h.hardwarePerMTokUsd },
];

export function CompareTable({ runs }: { runs: RunListItem[] }) {
  return (
    <div className="max-w-full overflow-x-auto">
      <Table data-testid="compare-table">
        <caption className="sr-only">Runs side by side; the best value of each row is marked</caption>
        <THead>
          <Tr className="hover:bg-transparent">
            <Th>Metric</Th>
            {runs.map((r) => (
              <Th key={r.id} numeric className="normal-case tracking-normal">
                <Link href={`/benchmarks/runs/${r.id}`} className="font-semibold">{r.model}</Link>
                <span className="block font-normal">{r.suite.name}</span>
                <span className="block font-normal">{formatWhen(r.finishedAt ?? r.createdAt)}</span>
              </Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          <Tr>
            <Td>Status</Td>
            {runs.map((r) => <Td key={r.id} numeric><RunStatusBadge status={r.status} stopReason={r.stopReason} /></Td>)}
          </Tr>
          <Tr>
            <Td>Pass rate 95% interval</Td>
            {runs.map((r) => <Td key={r.id} numeric>{r.headline ? formatPercentInterval(r.headline.passRateLow, r.headline.passRateHigh) : "–"}</Td>)}
          </Tr>
          {METRICS.map((m) => <MetricRow key={m.label} metric={m} runs={runs} />)}
        </TBody>
      </Table>
    </div>
  );
}

function MetricRow({ metric, runs }: { metric: Metric; runs: RunListItem[] }) {
  const values = runs.map((r) => (r.headline ? metric.read(r.headline) : null));
  const best = metric.better ? bestColumns(values, metric.better) : new Set<number>();
  const decimals = metric.kind === "usd" ? usdDecimalsFor(values as (string | null)[]) : 0;
  return (
    <Tr>
      <Td>{metric.label}{metric.better && <span className="text-xs text-muted-foreground"> ({metric.better} is better)</span>}</Td>
      {runs.map((r, i) => {
        const v = values[i];
        const text = v === null || v === undefined
          ? metric.kind === "usd" && r.headline && metric.label.startsWith("USD") ? <span className="text-destructive">unpriced</span> : "–"
          : metric.kind === "usd" ? formatUsdAt(v as string, decimals) : metric.format(v as number);
        const isBest = best.has(i);
        return (
          <Td key={r.id} numeric className={cn(isBest && "bg-primary-soft font-semibold text-primary")} data-best={isBest ? "true" : undefined}>
            {text}{isBest && <span className="sr-only"> (best)</span>}
          </Td>
        );
      })}
    </Tr>
  );
}
