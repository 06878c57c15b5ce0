import Link from "next/link";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getBenchmarkRun, listBenchmarkRuns } from "@/lib/benchmarks/list-benchmark-runs";
import { listBenchmarkSuites } from "@/lib/benchmarks/manage-benchmark-suites";
import { isDemoTinyModel } from "@/lib/benchmarks/view/demo-model";
import { formatPercent, formatWhen, formatLatencyMs } from "@/lib/benchmarks/view/format-metric";
import { paretoFrontier } from "@/lib/benchmarks/view/pareto-frontier";
import { latestSucceededByModel, toRunListItem, type RunListItem } from "@/lib/benchmarks/view/run-list-item";
import { trendSeries } from "@/lib/benchmarks/view/trend-series";
import { getDb } from "@/lib/db";
import { formatUsdAt, usdDecimalsFor } from "@/lib/format/format-usd";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { AppError } from "@/lib/http/app-error";
import { withPage } from "@/lib/http/with-page";
import { CompareTable } from "../_components/compare-table";
import { QualityCostChart } from "../_components/quality-cost-chart";
import { modelColors } from "../_components/series-colors";
import { TrendCharts } from "../_components/trend-charts";

export const dynamic = "force-dynamic";

const MAX_COMPARED = 10;

function listParam(value: string | string[] | undefined): string[] {
  const parts = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.split(","));
  return [...new Set(parts.map((p) => p.trim()).filter((p) => /^[A-Za-z0-9_-]{1,64}$/.test(p)))];
}

// Runs side by side (?runs=a,b or ?batch=<id>), and for one suite: quality against cost per model with the Pareto frontier, and trends over time.
export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const runIds = listParam(searchParams.runs).slice(0, MAX_COMPARED);
  const batch = typeof searchParams.batch === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(searchParams.batch) ? searchParams.batch : null;
  const [suites, recent, picked] = await Promise.all([
    listBenchmarkSuites(db, principal),
    listBenchmarkRuns(db, principal, { limit: 50 }),
    batch
      ? listBenchmarkRuns(db, principal, { batchId: batch, limit: MAX_COMPARED })
      : Promise.all(runIds.map((id) => getBenchmarkRun(db, principal, id).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "not_found") return null;
        throw error;
      }))),
  ]);
  const compared = picked.flatMap((r) => (r ? [toRunListItem(r)] : []));
  const missing = batch ? 0 : runIds.length - compared.length;
  const recentRuns = recent.map(toRunListItem);
  const suiteParam = typeof searchParams.suite === "string" ? searchParams.suite : null;
  const suiteId = suites.find((s) => s.id === suiteParam)?.id ?? compared[0]?.suite.id ?? recentRuns.find((r) => r.status === "succeeded")?.suite.id ?? suites[0]?.id ?? null;
  const suite = suites.find((s) => s.id === suiteId) ?? null;
  const suiteRuns = suiteId ? (await listBenchmarkRuns(db, principal, { suiteId, status: "succeeded", limit: 200 })).map(toRunListItem) : [];
  const latest = [...latestSucceededByModel(suiteRuns, suiteId ?? undefined).values()].filter((r) => r.headline).sort((a, b) => a.model.localeCompare(b.model));
  const frontier = paretoFrontier(latest.map((r) => ({ key: r.model, costUsd: r.headline!.costPer1kCasesUsd, passRate: r.headline!.passRate })));
  const onFrontier = new Set(frontier);
  const placed = latest.filter((r) => r.headline!.costPer1kCasesUsd !== null && r.headline!.passRate !== null);
  const unplaced = latest.filter((r) => !placed.includes(r));
  const series = suiteId ? trendSeries(suiteRuns, suiteId) : [];
  const colors = modelColors([...latest.map((r) => r.model), ...series.map((s) => s.model)]);
  const costDecimals = usdDecimalsFor(placed.map((r) => r.headline!.costPer1kCasesUsd));
  const byModel = new Map(placed.map((r) => [r.model, r]));
  const compareLatest = `/benchmarks/compare?${new URLSearchParams({ runs: latest.map((r) => r.id).join(","), ...(suiteId ? { suite: suiteId } : {}) })}`;

  return (
    <>
      <p><Link href="/benchmarks">← Benchmarks</Link></p>
      <h1>Compare runs and models</h1>

      <section className="card mb-4" aria-labelledby="side-by-side">
        <h2 id="side-by-side">{batch ? "Runs of one batch, side by side" : "Runs side by side"}</h2>
        {missing > 0 && <p role="alert" className="text-sm text-destructive">{missing === 1 ? "1 run was" : `${missing} runs were`} not found.</p>}
        {compared.length === 0 ? (
          <p className="text-muted-foreground">Pick runs below (or open &quot;compare&quot; on a batch in the runs table) to see them side by side.</p>
        ) : (
          <>
            {compared.some((r) => isDemoTinyModel(r.model)) && <p role="note" className="text-sm text-warn-text">The demo&apos;s local-tiny has random weights: its pass rate means nothing; compare its timing only.</p>}
            <CompareTable runs={compared} />
          </>
        )}
        <RunPicker runs={recentRuns} selected={new Set(compared.map((r) => r.id))} suiteId={suiteId} />
      </section>

      <section className="card mb-4" aria-labelledby="quality-cost">
        <div className="mb-1 flex flex-wrap items-end justify-between gap-3">
          <h2 id="quality-cost" className="mb-0">Quality versus cost{suite ? `: ${suite.name}` : ""}</h2>
          <SuitePicker suites={suites} suiteId={suiteId} runs={runIds} batch={batch} />
        </div>
        <p className="mb-2 text-sm text-muted-foreground">Each model&apos;s latest finished run of the suite: x = USD per 1,000 requests (mean cost per case × 1,000), y = pass rate, size = p95 E2E latency. The dashed line is the Pareto frontier: no other model is both cheaper and better. Unpriced models are listed, never placed at $0.</p>
        {latest.length === 0 ? (
          <p className="text-muted-foreground">{suite ? "No finished runs of this suite yet." : "No suites yet."}</p>
        ) : (
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_18rem]">
            {placed.length > 0 ? <QualityCostChart colors={colors} points={placed.map((r) => ({ model: r.model, runId: r.id, costUsd: r.headline!.costPer1kCasesUsd!, passPct: r.headline!.passRate! * 100, e2eP95Ms: r.headline!.e2eP95Ms, onFrontier: onFrontier.has(r.model) }))} /> : <p className="text-muted-foreground">No model has both a price and a pass rate to place.</p>}
            <div className="text-sm">
              <h3>Pareto frontier, cheapest first</h3>
              {frontier.length === 0 ? <p className="text-muted-foreground">None placed.</p> : (
                <ol data-testid="pareto-frontier">
                  {frontier.map((model) => {
                    const r = byModel.get(model)!;
                    return <li key={model}><Link href={`/benchmarks/runs/${r.id}`}>{model}</Link>: <span className="tabular-nums">{formatUsdAt(r.headline!.costPer1kCasesUsd!, costDecimals)} · {formatPercent(r.headline!.passRate)} · p95 E2E {formatLatencyMs(r.headline!.e2eP95Ms)}</span></li>;
                  })}
                </ol>
              )}
              {unplaced.length > 0 && (
                <>
                  <h3>Not placed</h3>
                  <ul data-testid="unplaced-models">
                    {unplaced.map((r) => (
                      <li key={r.model}>
                        <Link href={`/benchmarks/runs/${r.id}`}>{r.model}</Link>:{" "}
                        {r.headline!.costPer1kCasesUsd === null ? <span className="text-destructive">unpriced</span> : "not graded"}{r.headline!.passRate !== null ? ` · ${formatPercent(r.headline!.passRate)}` : ""}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {latest.length > 1 && <p><Link href={compareLatest}>Compare these runs side by side</Link></p>}
            </div>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="trends">
        <h2 id="trends">Trends over time{suite ? `: ${suite.name}` : ""}</h2>
        {series.length === 0 ? <p className="text-muted-foreground">No finished runs of this suite yet.</p> : <TrendCharts series={series} colors={colors} />}
      </section>
    </>
  );
});

function SuitePicker({ suites, suiteId, runs, batch }: { suites: { id: string; name: string }[]; suiteId: string | null; runs: string[]; batch: string | null }) {
  if (suites.length === 0) return null;
  return (
    <form method="get" action="/benchmarks/compare" className="flex items-end gap-2">
      {batch && <input type="hidden" name="batch" value={batch} />}
      {!batch && runs.length > 0 && <input type="hidden" name="runs" value={runs.join(",")} />}
      <label className="flex items-center gap-2 text-sm font-medium">
        Suite
        <Select name="suite" defaultValue={suiteId ?? undefined} className="w-64">
          {suites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
      </label>
      <Button type="submit" variant="outline">Show</Button>
    </form>
  );
}

function RunPicker({ runs, selected, suiteId }: { runs: RunListItem[]; selected: Set<string>; suiteId: string | null }) {
  const finished = runs.filter((r) => r.status === "succeeded" || r.status === "cancelled");
  if (finished.length === 0) return null;
  return (
    <details className="mt-3" open={selected.size === 0}>
      <summary className="text-sm font-medium">Choose runs to compare</summary>
      <form method="get" action="/benchmarks/compare" className="mt-2">
        {suiteId && <input type="hidden" name="suite" value={suiteId} />}
        <fieldset className="m-0 rounded-md border border-border p-2">
          <legend className="px-1 text-sm">Recent finished runs (up to {MAX_COMPARED})</legend>
          <ul className="m-0 grid max-h-64 list-none grid-cols-1 gap-0.5 overflow-y-auto p-0 md:grid-cols-2">
            {finished.map((r) => (
              <li key={r.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="runs" value={r.id} defaultChecked={selected.has(r.id)} className="size-4 p-0" />
                  <span className="truncate">{r.model} · {r.suite.name} · {formatWhen(r.finishedAt ?? r.createdAt)} · {formatPercent(r.headline?.passRate)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <Button type="submit" className="mt-2">Compare selected</Button>
      </form>
    </details>
  );
}
