// One succeeded result: the headline (dollars and cents, one precision for
// the figures read together), the per-rule table, the token adjustments with
// where each ratio came from, the local burst, what was not re-routed, the
// benchmark runs it used, and the exact 9-decimal figures in a details
// section. Quality and latency that are unmeasured say so, never "equal".
import Link from "next/link";
import { formatNumber } from "@/lib/format/format-number";
import { formatUsdAt, formatUsdExact } from "@/lib/format/format-usd";
import { nanoToUsd } from "@/lib/money/nano-usd";
import type { SimulationDetails } from "@/lib/whatif/io/describe-simulation";
import type { Scenario } from "@/lib/whatif/scenario-schema";
import { breakdownRows, burstHourPoints, dailyCostPoints, latencyView, qualityView, ratioRows, resultNumbers, ruleRows, savingOf } from "@/lib/whatif/view/read-scenario-result";
import { KpiCard } from "../../benchmarks/_components/kpi-card";
import { BurstChart } from "./burst-chart";
import { CostBreakdown } from "./cost-breakdown";
import { DailyCostChart } from "./daily-cost-chart";
import { RuleResultsTable } from "./rule-results-table";
import { ScopeComparisonTable } from "./scope-comparison-table";

export interface ResultHeadline {
  baselineCostUsd: string;
  simulatedCostUsd: string;
  simulatedLowCostUsd: string;
  simulatedHighCostUsd: string;
}

const cents = (v: string) => formatUsdAt(v, 2);

export function ScenarioResultView({ headline, details, scenario, suiteNames, projectNames, timezone, note }: {
  headline: ResultHeadline; details: SimulationDetails; scenario: Scenario; suiteNames: ReadonlyMap<string, string>; projectNames: ReadonlyMap<string, string>; timezone: string;
  /** Shown under the headline figures (the org's prediction track record). */
  note?: React.ReactNode;
}) {
  const saving = savingOf(headline.baselineCostUsd, headline.simulatedCostUsd);
  const quality = qualityView(details.quality.overall);
  const latency = latencyView(details.latency.overall);
  const numbers = resultNumbers(details);
  const rules = ruleRows(details, scenario);
  const ratios = ratioRows(details, suiteNames);
  const burst = details.burst;
  const spillCost = burst ? details.cost.byTargetModel.find((t) => t.model === burst.cloudModel) : undefined;
  const saves = !saving.usd.startsWith("-");
  return (
    <>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5" data-testid="whatif-kpis">
        <KpiCard testId="kpi-baseline" label="Baseline cost" value={cents(headline.baselineCostUsd)} detail={`${formatNumber(numbers.requests)} priced requests, as the ledger recorded them`} />
        <KpiCard testId="kpi-simulated" label="Simulated cost" value={cents(headline.simulatedCostUsd)}
          detail={<>band {cents(headline.simulatedLowCostUsd)} – {cents(headline.simulatedHighCostUsd)} · {formatNumber(numbers.movedRequests)} requests moved</>} />
        <KpiCard testId="kpi-saving" label={saves ? "Saving" : "Extra cost"} value={<span className={saves ? "text-ok" : "text-destructive"}>{cents(saving.usd.replace(/^-/, ""))}</span>}
          detail={saving.percent === null ? "no baseline to compare with" : `${saves ? "" : "+"}${saving.percent.replace(/^-/, "")}% of the baseline`} />
        <KpiCard testId="kpi-quality" label="Quality (pass rate)"
          value={quality.kind === "measured" ? <>{quality.before} → {quality.after}</> : quality.kind === "unmeasured" ? <span className="italic text-muted-foreground">unmeasured</span> : "unchanged"}
          detail={quality.kind === "measured" ? (quality.retained ? `${quality.retained} retained` : "retained: no measured range to compare with") : quality.kind === "unmeasured" ? "a target has no benchmark results on the rule's suite, or the rule names none: not assumed equal" : "nothing moves to another model"} />
        <KpiCard testId="kpi-latency" label="p95 latency after"
          value={latency.after === null ? <span className="italic text-muted-foreground">unmeasured</span> : `${formatNumber(latency.after)} ms`}
          detail={<>before {latency.before === null ? "unmeasured" : `${formatNumber(latency.before)} ms`}{latency.delta === null ? " · a side without a measured latency profile is unmeasured" : ` · ${latency.delta > 0 ? "+" : ""}${formatNumber(latency.delta)} ms`}</>} />
      </div>
      {note && <div className="mt-2">{note}</div>}
      {numbers.unpricedRequests > 0 && <p className="mt-2 text-sm text-warn-text">{formatNumber(numbers.unpricedRequests)} unpriced requests are left out of both sides (never counted as $0).</p>}

      <section className="card mt-4" aria-labelledby="rules-result-title">
        <h2 id="rules-result-title">Per rule</h2>
        <RuleResultsTable rows={rules.map((r) => ({
          id: String(r.rule), rule: r.label, share: r.rule < 0 ? null : r.sharePercent, requests: r.requests, moved: r.movedRequests, before: r.baselineUsd, after: r.simulatedUsd,
          target: r.target, why: r.why, quality: r.quality.kind === "unmeasured" ? "unmeasured" : r.quality.text, qualityNote: r.quality.kind === "unmeasured" ? r.quality.text.replace(/^unmeasured: ?/, "") : null, latency: r.latency.text,
        }))} />
      </section>

      {/* The breakdown table has seven columns: it gets the wider share. */}
      <div className="mt-4 grid grid-cols-1 gap-4 xl:grid-cols-[2fr_3fr]">
        <section className="card min-w-0" aria-labelledby="daily-title">
          <h2 id="daily-title">Per day</h2>
          <DailyCostChart points={dailyCostPoints(details, timezone)} timezone={timezone} />
        </section>
        <section className="card min-w-0" aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">Where the saving comes from</h2>
          <CostBreakdown
            byProject={breakdownRows(details.cost.byProject, (k) => (k === null ? "no project" : projectNames.get(k) ?? k))}
            byModel={breakdownRows(details.cost.byModel)}
            byTier={breakdownRows(details.cost.byTier, (k) => k ?? "no tier recorded")}
          />
        </section>
      </div>

      <div className="mt-4 grid grid-cols-1 gap-4 xl:grid-cols-2">
        <section className="card min-w-0" aria-labelledby="adjustments-title">
          <h2 id="adjustments-title">Adjustments applied</h2>
          <p className="m-0 mb-2 text-sm text-muted-foreground">
            Tokenizer ratio {scenario.adjustments.tokenizerRatio ? "on" : "off"} · output-length ratio {scenario.adjustments.outputLengthRatio ? "on" : "off"} · cached input {scenario.adjustments.carryCachedInput ? "carried across providers" : "not carried across providers"}
          </p>
          {ratios.length === 0 ? <p className="m-0 text-muted-foreground">No traffic moved to another model: no ratio applied.</p> : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="whatif-ratios">
                <thead><tr><th scope="col" className="text-left">Source → target</th><th scope="col" className="text-right">Input ratio</th><th scope="col" className="text-right">Output ratio</th><th scope="col" className="text-right">Moved</th></tr></thead>
                <tbody>
                  {ratios.map((r) => (
                    <tr key={r.pair}>
                      <td><code className="text-xs">{r.pair}</code>{r.carriedCache ? <span className="block text-xs text-muted-foreground">cached input carried</span> : null}</td>
                      <td className="text-right tabular-nums">{r.input}<span className="block text-xs text-muted-foreground">{r.inputSource}</span></td>
                      <td className="text-right tabular-nums">{r.output}<span className="block text-xs text-muted-foreground">{r.outputSource}</span></td>
                      <td className="text-right tabular-nums">{formatNumber(r.movedRequests)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="card min-w-0" aria-labelledby="not-rerouted-title">
          <h2 id="not-rerouted-title">Not re-routed, and the inputs used</h2>
          <ul className="m-0 grid list-none gap-1 p-0 text-sm" data-testid="whatif-not-rerouted">
            <li><span className="tabular-nums font-medium">{formatNumber(details.traffic.notRerouted.cacheHits)}</span> cache hits: answered from the response cache, $0, and a cache would answer them after a re-route too</li>
            <li><span className="tabular-nums font-medium">{formatNumber(details.traffic.notRerouted.failedWithoutUsage)}</span> failed attempts without usage: nothing to re-price</li>
            <li><span className="tabular-nums font-medium">{formatNumber(numbers.unpricedRequests)}</span> unpriced requests: left out of both sides</li>
          </ul>
          <h3 className="mb-1 mt-3 text-sm">Benchmark runs used</h3>
          {details.inputs.runs.length === 0 ? <p className="m-0 text-sm text-muted-foreground">None: quality and measured latency are unmeasured, token ratios are the default family ratios.</p> : (
            <ul className="m-0 grid list-none gap-0.5 p-0 text-sm" data-testid="whatif-runs-used">
              {details.inputs.runs.map((r) => <li key={r.runId}><Link href={`/benchmarks/runs/${r.runId}`}>{r.model}</Link> <span className="text-muted-foreground">on suite {suiteNames.get(r.suiteId) ?? r.suiteId}</span></li>)}
            </ul>
          )}
          <p className="m-0 mt-2 text-xs text-muted-foreground">{formatNumber(details.traffic.cells)} traffic cells read ({formatNumber(details.traffic.groups)} groups) · latency sampled with seed {details.inputs.seed}</p>
        </section>
      </div>

      {burst && (
        <section className="card mt-4" aria-labelledby="burst-title" data-testid="whatif-burst">
          <h2 id="burst-title">Local burst</h2>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <KpiCard label="Share spilled" value={burst.spilledShare === null ? "–" : `${formatNumber(burst.spilledShare * 100, { fractionDigits: 1 })}%`} detail={`${formatNumber(Math.round(burst.spilledRequests))} of ${formatNumber(Math.round(burst.requests))} requests to ${burst.cloudModel}`} />
            <KpiCard label={`Hardware (${burst.localModel})`} value={cents(nanoToUsd(BigInt(burst.hardwareCostNano)))} detail={`${burst.hardwareHours} hours at the machine's hourly cost`} />
            <KpiCard label={`Cloud spill (${burst.cloudModel})`} value={spillCost ? cents(nanoToUsd(BigInt(spillCost.simulatedNano))) : "–"} detail="all traffic the scenario sends to this model" />
            <KpiCard label="Capacity" value={burst.capacity.kind === "rps" ? `${formatNumber(burst.capacity.rps * 3600, { fractionDigits: 1 })} req/h` : `${formatNumber(burst.capacity.concurrent)} in flight`} detail={burst.capacity.kind === "concurrent" ? `mean TTFT ${formatNumber(Math.round(burst.capacity.meanTtftMs))} ms, measured` : `${burst.capacity.rps} requests/s, as given`} />
          </div>
          {burst.peakHours.length > 0 && (
            <p className="mb-2 mt-3 text-sm"><span className="font-medium">Peak hours (UTC):</span>{" "}
              {burst.peakHours.map((h) => `${h.hour.slice(0, 13).replace("T", " ")}h (${formatNumber(h.utilisation * 100, { fractionDigits: 0 })}% of capacity)`).join(" · ")}
            </p>
          )}
          {burst.hours.length > 0 && <BurstChart points={burstHourPoints(burst)} localModel={burst.localModel} cloudModel={burst.cloudModel} />}
        </section>
      )}

      <section className="card mt-4" aria-labelledby="scope-title" data-testid="whatif-result-scope">
        <h2 id="scope-title">SCOPE comparison</h2>
        <p className="mt-0 text-sm text-muted-foreground">
          Per rule, the models that served the traffic it moves against where it moves it: Size, Cost, Operational constraints, Performance and Expandability (the small-model guide&apos;s framework).
          Size reads the largest input-size band those models served on the days of the range.
        </p>
        {details.scope === undefined ? (
          <p className="m-0 text-sm text-muted-foreground">This result was computed before the comparison was kept: run the scenario again to see it.</p>
        ) : details.scope.length === 0 ? (
          <p className="m-0 text-sm text-muted-foreground">No rule moved traffic, so there is nothing to compare.</p>
        ) : details.scope.map((s, i) => {
          const label = rules.find((r) => r.rule === s.rule)?.label ?? `Rule ${s.rule + 1}`;
          return (
            <details key={s.rule} className="mb-2" open={i === 0}>
              <summary className="cursor-pointer font-medium">{label}: {s.sources.join(", ") || "its own target"} → {s.targets.join(" + ")}</summary>
              <ScopeComparisonTable rows={s.rows} suiteNames={suiteNames} caption={`SCOPE comparison for ${label}`} />
            </details>
          );
        })}
      </section>

      <details className="card mt-4" data-testid="whatif-exact">
        <summary className="font-medium">Exact figures (USD, 9 decimals)</summary>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm tabular-nums">
          <dt>Baseline</dt><dd className="m-0" data-testid="exact-baseline">{formatUsdExact(headline.baselineCostUsd)}</dd>
          <dt>Simulated</dt><dd className="m-0">{formatUsdExact(headline.simulatedCostUsd)}</dd>
          <dt>Simulated, low</dt><dd className="m-0">{formatUsdExact(headline.simulatedLowCostUsd)}</dd>
          <dt>Simulated, high</dt><dd className="m-0">{formatUsdExact(headline.simulatedHighCostUsd)}</dd>
          <dt>Saving</dt><dd className="m-0">{formatUsdExact(saving.usd)}</dd>
          <dt>Local hardware</dt><dd className="m-0">{formatUsdExact(numbers.hardwareUsd)}</dd>
          {rules.map((r) => (
            <div key={r.rule} className="contents"><dt>{r.label}</dt><dd className="m-0">{r.baselineUsd ? formatUsdExact(r.baselineUsd) : "–"} → {r.simulatedUsd ? formatUsdExact(r.simulatedUsd) : "–"}</dd></div>
          ))}
        </dl>
      </details>
    </>
  );
}
