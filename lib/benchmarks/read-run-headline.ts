// The few numbers of a run's summary that lists, trends, comparisons and
// regression checks read, taken defensively from the stored JSON (older
// summaries may lack a field; a missing number is null, never 0).
import type { RunSummary } from "./metrics/summarise-run";

export interface RunHeadline {
  passRate: number | null;
  passRateLow: number | null;
  passRateHigh: number | null;
  meanScore: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tpotP50Ms: number | null;
  e2eP50Ms: number | null;
  e2eP95Ms: number | null;
  outputTokensPerSec: number | null;
  requestsPerSec: number | null;
  errorRate: number | null;
  costPer1kCasesUsd: string | null;
  /** Everything the run sent: measured requests, warm-up and judge calls (the run's costUsd). */
  totalCostUsd: string | null;
  /** llm-rubric judge requests and their cost, included in totalCostUsd and not in costPer1kCasesUsd (null in summaries older than the split). */
  judgeCalls: number | null;
  judgeCostUsd: string | null;
  hardwarePerMTokUsd: string | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function readRunHeadline(summary: unknown): RunHeadline {
  const s = (summary && typeof summary === "object" ? summary : {}) as Partial<RunSummary> & { totalCostUsd?: unknown; spend?: { judgeCalls?: unknown; judgeUsd?: unknown }; hardwarePrice?: { outputPerMTokUsd?: unknown } | null };
  return {
    passRate: num(s.quality?.passRate),
    passRateLow: num(s.quality?.passRateInterval95?.low),
    passRateHigh: num(s.quality?.passRateInterval95?.high),
    meanScore: num(s.quality?.meanScore),
    ttftP50Ms: num(s.latencyMs?.ttft?.p50),
    ttftP95Ms: num(s.latencyMs?.ttft?.p95),
    tpotP50Ms: num(s.latencyMs?.tpot?.p50),
    e2eP50Ms: num(s.latencyMs?.e2e?.p50),
    e2eP95Ms: num(s.latencyMs?.e2e?.p95),
    outputTokensPerSec: num(s.outputTokensPerSec?.aggregate),
    requestsPerSec: num(s.requestThroughputPerSec),
    errorRate: num(s.errorRate),
    costPer1kCasesUsd: str((s.cost as { per1000CasesUsd?: unknown } | undefined)?.per1000CasesUsd),
    totalCostUsd: str(s.totalCostUsd),
    judgeCalls: num(s.spend?.judgeCalls),
    judgeCostUsd: str(s.spend?.judgeUsd),
    hardwarePerMTokUsd: str(s.hardwarePrice?.outputPerMTokUsd),
  };
}
