// The parts of a stored run summary (metrics/summarise-run.ts RunSummary,
// plus totalCostUsd and hardwarePrice) that the run page shows beyond the
// headline, read defensively: a field an older summary lacks is null, never
// 0, and a malformed one never breaks the page.
export interface DistributionView {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
}

export interface RunDetails {
  requests: number | null;
  completed: number | null;
  failed: number | null;
  wallTimeMs: number | null;
  errorsByClass: { errorClass: string; count: number }[];
  latency: { ttft: DistributionView; tpot: DistributionView; itl: DistributionView; e2e: DistributionView };
  goodput: { perSec: number | null; goodRequests: number | null; objectives: { ttftMs?: number; tpotMs?: number; e2eMs?: number } } | null;
  quality: { graded: number | null; passed: number | null; scored: number | null };
  cost: { perRequestUsd: string | null; pricedRequests: number | null; unpricedRequests: number | null };
  tokens: { inputMeanPerCase: number | null; outputMeanPerCase: number | null };
  /** The run's cost split by kind of request (metrics/run-spend.ts); null in summaries older than the split. */
  spend: { measuredUsd: string | null; warmupUsd: string | null; judgeUsd: string | null; judgeCalls: number | null; judgeUnpricedCalls: number | null } | null;
  hardwarePrice: { hourlyCostUsd: string; utilisation: string; outputTokensPerSec: number; outputPerMTokUsd: string } | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const decimal = (v: unknown): string | null => (typeof v === "string" && /^-?\d{1,30}(\.\d{1,30})?$/.test(v) ? v : null);

function distribution(v: unknown): DistributionView {
  const d = obj(v);
  return { count: num(d.count) ?? 0, mean: num(d.mean), p50: num(d.p50), p90: num(d.p90), p95: num(d.p95), p99: num(d.p99) };
}

export function readRunDetails(summary: unknown): RunDetails {
  const s = obj(summary);
  const latency = obj(s.latencyMs);
  const goodput = s.goodput === null || s.goodput === undefined ? null : obj(s.goodput);
  const quality = obj(s.quality);
  const cost = obj(s.cost);
  const tokens = obj(s.tokens);
  const spend = s.spend && typeof s.spend === "object" ? obj(s.spend) : null;
  const hw = s.hardwarePrice ? obj(s.hardwarePrice) : null;
  const hwPrice = hw && decimal(hw.outputPerMTokUsd) && decimal(hw.hourlyCostUsd) && num(hw.outputTokensPerSec) !== null
    ? { hourlyCostUsd: decimal(hw.hourlyCostUsd)!, utilisation: decimal(hw.utilisation) ?? "1", outputTokensPerSec: num(hw.outputTokensPerSec)!, outputPerMTokUsd: decimal(hw.outputPerMTokUsd)! }
    : null;
  const objectives = obj(goodput?.objectives);
  return {
    requests: num(s.requests),
    completed: num(s.completed),
    failed: num(s.failed),
    wallTimeMs: num(s.wallTimeMs),
    errorsByClass: Object.entries(obj(s.errorsByClass))
      .flatMap(([errorClass, count]) => (num(count) !== null ? [{ errorClass: errorClass.slice(0, 100), count: num(count)! }] : []))
      .sort((a, b) => b.count - a.count || a.errorClass.localeCompare(b.errorClass)),
    latency: { ttft: distribution(latency.ttft), tpot: distribution(latency.tpot), itl: distribution(latency.itl), e2e: distribution(latency.e2e) },
    goodput: goodput && {
      perSec: num(goodput.perSec),
      goodRequests: num(goodput.goodRequests),
      objectives: Object.fromEntries((["ttftMs", "tpotMs", "e2eMs"] as const).flatMap((k) => (num(objectives[k]) !== null ? [[k, num(objectives[k])!]] : []))),
    },
    quality: { graded: num(quality.graded), passed: num(quality.passed), scored: num(quality.scored) },
    cost: { perRequestUsd: decimal(cost.perRequestUsd), pricedRequests: num(cost.pricedRequests), unpricedRequests: num(cost.unpricedRequests) },
    tokens: { inputMeanPerCase: num(obj(tokens.input).meanPerCase), outputMeanPerCase: num(obj(tokens.output).meanPerCase) },
    spend: spend && { measuredUsd: decimal(spend.measuredUsd), warmupUsd: decimal(spend.warmupUsd), judgeUsd: decimal(spend.judgeUsd), judgeCalls: num(spend.judgeCalls), judgeUnpricedCalls: num(spend.judgeUnpricedCalls) },
    hardwarePrice: hwPrice,
  };
}

/** The stored metric definitions ({ version, metrics: { key: { label, unit, formula } } }), in their stored order. */
export function readMetricDefinitions(definitions: unknown): { version: number | null; metrics: { key: string; label: string; unit: string; formula: string }[] } {
  const d = obj(definitions);
  const metrics = Object.entries(obj(d.metrics)).flatMap(([key, v]) => {
    const m = obj(v);
    const label = str(m.label);
    const formula = str(m.formula);
    return label && formula ? [{ key, label, unit: str(m.unit) ?? "", formula }] : [];
  });
  return { version: num(d.version), metrics };
}
