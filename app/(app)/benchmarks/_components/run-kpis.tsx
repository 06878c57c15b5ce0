// A run's headline numbers, each with what it is read against: pass rate
// with its 95% Wilson interval, mean score, TTFT/TPOT/E2E percentiles,
// throughput, goodput (when the run named objectives), errors by class,
// cost (total and per 1,000 cases; unpriced never shown as $0), the llm-rubric
// judge's calls and cost (in the total, not in the per-1,000-cases figure the
// quality-versus-cost chart compares) and, for a local model, the hardware
// price its measured throughput gives.
import type { RunHeadline } from "@/lib/benchmarks/read-run-headline";
import { formatLatencyMs, formatPercent, formatPercentInterval, formatRate } from "@/lib/benchmarks/view/format-metric";
import type { RunDetails } from "@/lib/benchmarks/view/read-run-details";
import { formatNumber } from "@/lib/format/format-number";
import { formatUsd, formatUsdAt, usdDecimalsFor } from "@/lib/format/format-usd";
import { AdoptPriceButton } from "./adopt-price-button";
import { KpiCard } from "./kpi-card";

export function RunKpis({ runId, model, status, headline, details, isLocal, canAdopt }: {
  runId: string; model: string; status: string; headline: RunHeadline | null; details: RunDetails; isLocal: boolean; canAdopt: boolean;
}) {
  const h = headline;
  const { quality, cost, goodput, errorsByClass, hardwarePrice } = details;
  const allUnpriced = (cost.pricedRequests ?? 0) === 0 && (cost.unpricedRequests ?? 0) > 0;
  const moneyDecimals = usdDecimalsFor([h?.totalCostUsd ?? null, h?.costPer1kCasesUsd ?? null, h?.judgeCostUsd ?? null]);
  const judgeCalls = h?.judgeCalls ?? 0;
  const judgeUnpriced = details.spend?.judgeUnpricedCalls ?? 0;
  const money = (v: string | null | undefined) => (v === null || v === undefined ? null : formatUsdAt(v, moneyDecimals));
  const objectives = goodput ? Object.entries(goodput.objectives).map(([k, v]) => `${k.replace("Ms", "").toUpperCase()} ≤ ${formatNumber(v)} ms`).join(", ") : "";
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4" data-testid="run-kpis">
      <KpiCard testId="kpi-pass-rate" label="Pass rate" value={formatPercent(h?.passRate)}
        detail={quality.graded ? <>95% CI {formatPercentInterval(h?.passRateLow, h?.passRateHigh)} · {formatNumber(quality.passed ?? 0)} of {formatNumber(quality.graded)} passed</> : "no graded requests"} />
      <KpiCard label="Mean score" value={h?.meanScore === null || h?.meanScore === undefined ? "–" : formatNumber(h.meanScore, { fractionDigits: 3 })} detail={quality.scored ? `over ${formatNumber(quality.scored)} scored requests` : undefined} />
      <KpiCard label="TTFT p50 / p95" value={<>{formatLatencyMs(h?.ttftP50Ms)} <span className="text-muted-foreground">/</span> {formatLatencyMs(h?.ttftP95Ms)}</>} detail={`p99 ${formatLatencyMs(details.latency.ttft.p99)} · mean ${formatLatencyMs(details.latency.ttft.mean)}`} />
      <KpiCard label="TPOT p50" value={formatLatencyMs(h?.tpotP50Ms)} detail={`p95 ${formatLatencyMs(details.latency.tpot.p95)} · ITL p50 ${formatLatencyMs(details.latency.itl.p50)}`} />
      <KpiCard label="E2E p50 / p95" value={<>{formatLatencyMs(h?.e2eP50Ms)} <span className="text-muted-foreground">/</span> {formatLatencyMs(h?.e2eP95Ms)}</>} detail={`p99 ${formatLatencyMs(details.latency.e2e.p99)}`} />
      <KpiCard label="Output tokens/s" value={formatRate(h?.outputTokensPerSec, "tok/s")} detail={`aggregate · ${details.tokens.outputMeanPerCase === null ? "–" : formatNumber(details.tokens.outputMeanPerCase, { fractionDigits: 1 })} output tokens per case`} />
      <KpiCard label="Requests/s" value={formatRate(h?.requestsPerSec, "req/s")} detail={details.completed !== null ? `${formatNumber(details.completed)} completed` : undefined} />
      {goodput && <KpiCard label="Goodput" value={formatRate(goodput.perSec, "req/s")} detail={`${formatNumber(goodput.goodRequests ?? 0)} requests met ${objectives}`} />}
      <KpiCard testId="kpi-error-rate" label="Error rate" value={formatPercent(h?.errorRate)}
        detail={errorsByClass.length ? errorsByClass.map((e) => `${e.errorClass} ${formatNumber(e.count)}`).join(" · ") : "no errors"} />
      <KpiCard testId="kpi-cost" label="Cost" value={allUnpriced ? <span className="text-destructive">unpriced</span> : (money(h?.totalCostUsd) ?? "–")}
        detail={<>
          {allUnpriced ? "no price in effect for this model" : <>per 1,000 cases {money(h?.costPer1kCasesUsd) ?? "–"} ({model} alone)</>}
          {!allUnpriced && (cost.unpricedRequests ?? 0) > 0 && <span className="text-destructive"> · {formatNumber(cost.unpricedRequests!)} requests unpriced (not counted)</span>}
          {judgeCalls > 0 && <> · total includes the judge</>}
        </>} />
      {judgeCalls > 0 && (
        <KpiCard testId="kpi-judge" label="llm-rubric judge" value={money(h?.judgeCostUsd) ?? "–"}
          detail={<>judge calls: {formatNumber(judgeCalls)}, {money(h?.judgeCostUsd) ?? "unpriced"} · in the run&apos;s cost, not per 1,000 cases
            {judgeUnpriced > 0 && <span className="text-destructive"> · {formatNumber(judgeUnpriced)} unpriced (not counted)</span>}</>} />
      )}
      {isLocal && (
        <KpiCard testId="kpi-hardware-price" label="Hardware price" value={hardwarePrice ? `${formatUsd(hardwarePrice.outputPerMTokUsd)} / 1M out` : "–"}
          detail={hardwarePrice
            ? `${formatUsd(hardwarePrice.hourlyCostUsd)}/h at ${formatPercent(Number(hardwarePrice.utilisation), 0)} utilisation, ${formatRate(hardwarePrice.outputTokensPerSec, "tok/s")} measured`
            : "The deployment has no hourly cost: set one on the model to price it by hardware"}>
          {hardwarePrice && canAdopt && status === "succeeded" && <AdoptPriceButton runId={runId} model={model} price={formatUsd(hardwarePrice.outputPerMTokUsd)} />}
        </KpiCard>
      )}
    </div>
  );
}
