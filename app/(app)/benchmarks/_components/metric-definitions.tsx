// The definitions a run's numbers were computed with (stored with the run,
// so a later change of formula never reinterprets old numbers).
import { readMetricDefinitions } from "@/lib/benchmarks/view/read-run-details";

export function MetricDefinitions({ definitions }: { definitions: unknown }) {
  const { version, metrics } = readMetricDefinitions(definitions);
  if (metrics.length === 0) return <p className="text-muted-foreground">This run stored no metric definitions.</p>;
  return (
    <details className="rounded-lg border border-border bg-card p-3" data-testid="metric-definitions">
      <summary className="font-medium">How these numbers are defined{version !== null ? ` (definitions v${version}, stored with this run)` : ""}</summary>
      <dl className="m-0 mt-2 grid gap-x-4 gap-y-2 md:grid-cols-[minmax(12rem,18rem)_1fr]">
        {metrics.map((m) => (
          <div key={m.key} className="contents">
            <dt className="font-medium">{m.label}{m.unit ? <span className="font-normal text-muted-foreground"> ({m.unit})</span> : null}</dt>
            <dd className="m-0 text-muted-foreground">{m.formula}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
