// A run's aggregates from its per-request results (BenchmarkResult rows),
// stored as BenchmarkRun.summary: plain JSON (no NaN, bigint or undefined),
// money as exact decimal strings. Definitions: metric-definitions.ts.
// Failed requests (an errorClass) count in the error rate and the cost, and
// are left out of latency, throughput, goodput and token figures, as vLLM does.
import { describe, type Distribution } from "./describe-distribution";
import { summariseCost, type CostSummary, type PricedRequest } from "./summarise-cost";
import { checkResult, type CheckedResult, type ResultForSummary } from "./check-result";
import { wilsonInterval, type Interval } from "./wilson-interval";

export type { ResultForSummary } from "./check-result";

/** Service-level objectives as the run names them (lib/benchmarks/run-config.ts objectivesSchema). */
export interface Objectives {
  ttftMs?: number;
  tpotMs?: number;
  e2eMs?: number;
}

export interface TokensPerCase {
  /** Mean over cases of each case's mean over its repeats. */
  meanPerCase: number | null;
  /** Case id -> mean over its completed repeats that reported tokens. */
  byCase: Record<string, number>;
  /** Requests that reported tokens. */
  count: number;
}

export interface RunSummary {
  requests: number;
  completed: number;
  failed: number;
  errorRate: number | null;
  errorsByClass: Record<string, number>;
  wallTimeMs: number;
  cases: { total: number; completed: number };
  latencyMs: { ttft: Distribution; tpot: Distribution; itl: Distribution; e2e: Distribution };
  outputTokensPerSec: { perRequest: Distribution; aggregate: number | null };
  requestThroughputPerSec: number | null;
  /** Null when the run names no objective. */
  goodput: { objectives: Objectives; goodRequests: number; perSec: number | null } | null;
  tokens: { input: TokensPerCase; output: TokensPerCase };
  cost: CostSummary;
  quality: { graded: number; passed: number; passRate: number | null; passRateInterval95: Interval | null; meanScore: number | null; scored: number };
}

export interface SummaryOptions {
  /** From the first request sent to the last answer received (warm-up excluded). */
  wallTimeMs: number;
  objectives: Objectives;
  /** Cases in the suite snapshot. */
  casesCount: number;
}

export function summariseRun(results: readonly ResultForSummary[], options: SummaryOptions): RunSummary {
  const { wallTimeMs, objectives, casesCount } = options;
  if (!Number.isFinite(wallTimeMs) || wallTimeMs < 0) throw new RangeError(`wallTimeMs must be a non-negative number, got ${wallTimeMs}`);
  if (!Number.isSafeInteger(casesCount) || casesCount < 0) throw new RangeError(`casesCount must be a non-negative integer, got ${casesCount}`);
  for (const key of ["ttftMs", "tpotMs", "e2eMs"] as const) {
    const v = objectives[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new RangeError(`objectives.${key} must be a positive number, got ${v}`);
  }
  const perSec = (count: number) => (wallTimeMs > 0 ? (count * 1000) / wallTimeMs : null);

  const errorsByClass = new Map<string, number>();
  const ttft: number[] = [], tpot: number[] = [], itl: number[] = [], e2e: number[] = [], tokensPerSec: number[] = [];
  const inputByCase = new Map<string, number[]>(), outputByCase = new Map<string, number[]>();
  const priced: PricedRequest[] = [];
  const completedCases = new Set<string>();
  let completed = 0, outputTokenSum = 0, good = 0, graded = 0, passed = 0, scoreSum = 0, scored = 0;
  const hasObjective = objectives.ttftMs !== undefined || objectives.tpotMs !== undefined || objectives.e2eMs !== undefined;

  results.forEach((raw, i) => {
    const r = checkResult(raw, i);
    priced.push({ caseId: r.caseId, completed: r.errorClass === null, costNano: r.costNano });
    if (r.passed !== null) {
      graded++;
      if (r.passed) passed++;
    }
    if (r.score !== null) {
      scoreSum += r.score;
      scored++;
    }
    if (r.errorClass !== null) {
      errorsByClass.set(r.errorClass, (errorsByClass.get(r.errorClass) ?? 0) + 1);
      return;
    }
    completed++;
    completedCases.add(r.caseId);
    if (r.ttftMs !== null) ttft.push(r.ttftMs);
    if (r.tpotMs !== null) tpot.push(r.tpotMs);
    if (r.e2eMs !== null) e2e.push(r.e2eMs);
    for (const gap of r.itlMs) itl.push(gap);
    if (r.outputTokensPerSec !== null) tokensPerSec.push(r.outputTokensPerSec);
    if (r.outputTokens !== null) {
      outputTokenSum += r.outputTokens;
      pushTo(outputByCase, r.caseId, r.outputTokens);
    }
    if (r.inputTokens !== null) pushTo(inputByCase, r.caseId, r.inputTokens);
    if (hasObjective && meetsObjectives(r, objectives)) good++;
  });

  const failed = results.length - completed;
  return {
    requests: results.length,
    completed,
    failed,
    errorRate: results.length ? failed / results.length : null,
    errorsByClass: Object.fromEntries([...errorsByClass].sort(([a], [b]) => (a < b ? -1 : 1))),
    wallTimeMs,
    cases: { total: casesCount, completed: completedCases.size },
    latencyMs: { ttft: describe(ttft), tpot: describe(tpot), itl: describe(itl), e2e: describe(e2e) },
    outputTokensPerSec: { perRequest: describe(tokensPerSec), aggregate: perSec(outputTokenSum) },
    requestThroughputPerSec: perSec(completed),
    goodput: hasObjective ? { objectives: { ...objectives }, goodRequests: good, perSec: perSec(good) } : null,
    tokens: { input: tokensPerCase(inputByCase), output: tokensPerCase(outputByCase) },
    cost: summariseCost(priced),
    quality: {
      graded,
      passed,
      passRate: graded ? passed / graded : null,
      passRateInterval95: wilsonInterval(passed, graded),
      meanScore: scored ? scoreSum / scored : null,
      scored,
    },
  };
}

// vLLM's goodput rule: every named objective met (<=). A request with at most one
// output token has no TPOT and meets a TPOT objective (vLLM scores it 0 ms);
// an unknown TTFT or E2E does not meet one.
function meetsObjectives(r: CheckedResult, o: Objectives): boolean {
  if (o.ttftMs !== undefined && (r.ttftMs === null || r.ttftMs > o.ttftMs)) return false;
  if (o.tpotMs !== undefined && r.tpotMs !== null && r.tpotMs > o.tpotMs) return false;
  if (o.e2eMs !== undefined && (r.e2eMs === null || r.e2eMs > o.e2eMs)) return false;
  return true;
}

function tokensPerCase(byCase: Map<string, number[]>): TokensPerCase {
  const means: [string, number][] = [...byCase].map(([caseId, values]) => [caseId, values.reduce((a, b) => a + b, 0) / values.length]);
  let count = 0;
  for (const values of byCase.values()) count += values.length;
  return {
    meanPerCase: means.length ? means.reduce((a, [, m]) => a + m, 0) / means.length : null,
    byCase: Object.fromEntries(means),
    count,
  };
}

function pushTo(map: Map<string, number[]>, key: string, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
