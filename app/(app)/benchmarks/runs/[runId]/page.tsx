import Link from "next/link";
import { ALL_ROLES, BENCHMARK_RUNNERS, PRICE_EDITORS } from "@/lib/auth/principal";
import { getBenchmarkRun, listBenchmarkResults } from "@/lib/benchmarks/list-benchmark-runs";
import { formatLatencyMs, formatWhen } from "@/lib/benchmarks/view/format-metric";
import { histogramBins } from "@/lib/benchmarks/view/histogram-bins";
import { readRunDetails } from "@/lib/benchmarks/view/read-run-details";
import { describeRunConfig } from "@/lib/benchmarks/view/run-options-fields";
import { isActiveStatus } from "@/lib/benchmarks/view/run-progress";
import { describe as describeSample } from "@/lib/benchmarks/metrics/describe-distribution";
import { listModels } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/app-error";
import { withPage } from "@/lib/http/with-page";
import { ConfirmActionButton } from "../../../_components/confirm-action-button";
import { DemoModelNote } from "../../_components/demo-model-note";
import { HistogramChart } from "../../_components/histogram-chart";
import { LiveRefresh } from "../../_components/live-refresh";
import { MetricDefinitions } from "../../_components/metric-definitions";
import { ResultDetail } from "../../_components/result-detail";
import { buildCaseRequest } from "@/lib/benchmarks/build-case-request";
import { runConfigSchema } from "@/lib/benchmarks/run-config";
import { suiteDefinitionSchema } from "@/lib/benchmarks/suite-schema";
import { ResultsTable, type ResultRow } from "../../_components/results-table";
import { RunKpis } from "../../_components/run-kpis";
import { RunProgressBar, RunStatusBadge } from "../../_components/run-status";

export const dynamic = "force-dynamic";

const OUTCOMES = ["all", "failed", "errors"] as const;

// One run: what it measured (KPIs with their definitions, histograms), every request with its checks, live while it runs.
export default withPage(ALL_ROLES, async ({ principal, params, searchParams }) => {
  const db = getDb();
  const runId = params.runId!;
  const run = await getBenchmarkRun(db, principal, runId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!run) return <p role="alert">No such benchmark run. <Link href="/benchmarks">Back to Benchmarks</Link></p>;
  const [results, models] = await Promise.all([listBenchmarkResults(db, principal, runId, { outcome: "all", limit: 1000 }), listModels(db, principal)]);
  const active = isActiveStatus(run.status);
  const details = readRunDetails(run.summary);
  const isLocal = models.find((m) => m.alias === run.model)?.isLocal ?? false;
  const canRun = BENCHMARK_RUNNERS.includes(principal.role);
  const outcome = OUTCOMES.find((o) => o === searchParams.outcome) ?? "all";
  const selectedId = typeof searchParams.result === "string" ? searchParams.result : null;
  const selected = selectedId ? results.find((r) => r.id === selectedId) ?? null : null;

  const completed = results.filter((r) => r.errorClass === null);
  const ttft = completed.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs]));
  const itl = completed.flatMap((r) => r.itlMs);
  const tokensPerSec = completed.flatMap((r) => (r.outputTokensPerSec === null ? [] : [r.outputTokensPerSec]));
  // Until the run's summary is stored (it is written when the run ends), the histograms' percentiles come from the results so far.
  const live = { ttft: describeSample(ttft), itl: describeSample(itl) };
  const ttftStats = run.summary ? details.latency.ttft : live.ttft;
  const itlStats = run.summary ? details.latency.itl : live.itl;
  const base = `/benchmarks/runs/${runId}`;
  const withOutcome = (o: string) => (o === "all" ? base : `${base}?outcome=${o}`);
  const shown = results.filter((r) => (outcome === "failed" ? r.passed === false : outcome === "errors" ? r.errorClass !== null : true));
  const rows: ResultRow[] = shown.map((r) => ({
    id: r.id, caseId: r.caseId, href: `${base}?${new URLSearchParams({ ...(outcome === "all" ? {} : { outcome }), result: r.id })}#result-detail`, repeat: r.repeat,
    outcome: r.errorClass ? "error" : r.passed === null ? "not graded" : r.passed ? "pass" : "fail", score: r.score, ttftMs: r.ttftMs, e2eMs: r.e2eMs,
    outputTokens: r.outputTokens, costUsd: r.costUsd, errorClass: r.errorClass,
  }));

  return (
    <>
      <LiveRefresh active={active} />
      <p><Link href="/benchmarks">← Benchmarks</Link></p>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="mb-0">{run.suite.name} on {run.model}</h1>
        <div className="flex flex-wrap items-center gap-3">
          <Link href={`/benchmarks/suites/${run.suite.id}`}>Suite</Link>
          <Link href={`/benchmarks/compare?batch=${encodeURIComponent(run.batchId)}`}>Compare this batch</Link>
          {active && canRun && (
            <ConfirmActionButton method="POST" url={`/api/manage/v1/benchmarks/runs/${runId}/cancel`} label="Cancel run" title={`Cancel ${run.suite.name} on ${run.model}?`}
              confirmText="Requests in flight finish and what was measured so far is kept; no new requests start." confirmLabel="Cancel run" done="Cancel requested" />
          )}
        </div>
      </div>
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
        <RunStatusBadge status={run.status} stopReason={run.stopReason} />
        <span>Trigger: {run.trigger}{run.scheduleId ? " (schedule)" : ""}</span>
        <span>Started {formatWhen(run.startedAt ?? run.createdAt)} UTC</span>
        {run.finishedAt && <span>Finished {formatWhen(run.finishedAt)} UTC</span>}
        <span>{describeRunConfig(run.config)}</span>
        {isLocal && <span>Local model</span>}
      </div>
      {run.cancelRequestedAt && active && <p role="status" className="text-sm text-warn-text">Cancel requested: in-flight requests are finishing.</p>}
      {run.error && <p role="alert" className="rounded-md bg-destructive-soft px-3 py-2 text-sm text-destructive">{run.error}</p>}
      <div className="mb-4 max-w-xl" data-testid="run-live-progress">
        <RunProgressBar status={run.status} progress={run.progress} label={`${run.suite.name} on ${run.model}`} />
      </div>
      <DemoModelNote model={run.model} />

      {run.summary ? (
        <RunKpis runId={runId} model={run.model} status={run.status} headline={run.headline} details={details} isLocal={isLocal} canAdopt={PRICE_EDITORS.includes(principal.role)} />
      ) : (
        <p className="card text-muted-foreground">{active ? "The numbers appear when the run has finished; results arrive below as they are measured." : "This run recorded no summary."}</p>
      )}
      <div className="mt-4"><MetricDefinitions definitions={run.definitions} /></div>

      <section className="card mt-4" aria-labelledby="distributions-title">
        <h2 id="distributions-title">Distributions</h2>
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
          <HistogramChart testId="ttft-histogram" title="TTFT per request" unit="ms" bins={histogramBins(ttft)} summary={`p50 ${formatLatencyMs(ttftStats.p50)} · p95 ${formatLatencyMs(ttftStats.p95)}`} />
          <HistogramChart testId="itl-histogram" title="Inter-token latency (all gaps)" unit="ms" bins={histogramBins(itl)} summary={`p50 ${formatLatencyMs(itlStats.p50)} · p95 ${formatLatencyMs(itlStats.p95)}`} />
          <HistogramChart testId="tps-histogram" title="Output tokens/s per request" unit="tok/s" bins={histogramBins(tokensPerSec)} summary={`${tokensPerSec.length} requests`} />
        </div>
      </section>

      <section className="card mt-4" aria-labelledby="results-title">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="results-title" className="mb-0">Per-case results</h2>
          <nav aria-label="Show results" className="flex gap-3 text-sm">
            {OUTCOMES.map((o) => (
              <Link key={o} href={withOutcome(o)} aria-current={outcome === o ? "page" : undefined} className={outcome === o ? "font-semibold" : undefined}>
                {o === "all" ? `All (${results.length})` : o === "failed" ? `Failed checks (${results.filter((r) => r.passed === false).length})` : `Errors (${results.filter((r) => r.errorClass !== null).length})`}
              </Link>
            ))}
          </nav>
        </div>
        <p className="m-0 mb-1 text-sm text-muted-foreground">Open a case to read its full output and each check&apos;s verdict and reason.{results.length >= 1000 ? " The first 1,000 requests are shown." : ""}</p>
        <ResultsTable rows={rows} />
      </section>
      {selected && <ResultDetail result={selected} closeHref={withOutcome(outcome)} sent={requestSentFor(run.suiteSnapshot, selected.caseId, run.model, run.config)} />}
      {selectedId && !selected && <p role="alert" className="mt-4">No such result in this run.</p>}
    </>
  );
});

/** The chat request a case became in this run: the run's copy of the suite, vars filled in, the run's output limit. */
function requestSentFor(snapshot: unknown, caseId: string, model: string, config: unknown): Record<string, unknown> | null {
  const suite = suiteDefinitionSchema.safeParse(snapshot);
  const options = runConfigSchema.safeParse(config);
  const testCase = suite.success ? suite.data.cases.find((c) => c.id === caseId) : undefined;
  return testCase && options.success ? buildCaseRequest(testCase, model, options.data) : null;
}
