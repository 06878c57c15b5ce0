// Regression alerts for scheduled benchmarks: the newest run against the
// MEDIAN of the last N runs (a median, so one bad run in the history neither
// raises nor hides an alert). Pass rate is a share (0-1) and drops are in
// percentage points; p95 TTFT rises are in percent of the baseline AND at
// least TTFT_MIN_RISE_MS: on a 20 ms model, a noisy host's 12 ms of jitter
// is +60% but not a regression anyone should be paged for.

/** The smallest p95 TTFT rise, in milliseconds, that can alert whatever its percent. */
export const TTFT_MIN_RISE_MS = 50;

export interface RegressionPoint {
  passRate: number | null;
  ttftP95Ms: number | null;
}

export interface Regression {
  metric: "passRate" | "ttftP95Ms";
  current: number;
  baselineMedian: number;
  /** passRate: change in percentage points (negative = worse); ttftP95Ms: change in percent of the baseline. */
  change: number;
  unit: "points" | "percent";
  threshold: number;
}

export interface RegressionInput {
  current: RegressionPoint;
  /** The last N runs, newest first (order does not change a median). */
  history: readonly RegressionPoint[];
  /** Alert when the pass rate is down more than this many points; unset = no pass-rate alert. */
  passRateDropPoints?: number;
  /** Alert when p95 TTFT is up more than this percent; unset = no latency alert. */
  ttftP95RisePercent?: number;
}

export function detectBenchmarkRegression(input: RegressionInput): Regression[] {
  const { current, history, passRateDropPoints, ttftP95RisePercent } = input;
  for (const [name, v] of [["passRateDropPoints", passRateDropPoints], ["ttftP95RisePercent", ttftP95RisePercent]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be a non-negative number, got ${v}`);
  }
  const regressions: Regression[] = [];

  const passBaseline = median(history.map((h) => h.passRate));
  if (passRateDropPoints !== undefined && isFiniteNumber(current.passRate) && passBaseline !== null) {
    const change = roundNoise((current.passRate - passBaseline) * 100);
    if (-change > passRateDropPoints) {
      regressions.push({ metric: "passRate", current: current.passRate, baselineMedian: passBaseline, change, unit: "points", threshold: passRateDropPoints });
    }
  }

  const ttftBaseline = median(history.map((h) => h.ttftP95Ms));
  // A zero baseline has no meaningful percent change.
  if (ttftP95RisePercent !== undefined && isFiniteNumber(current.ttftP95Ms) && ttftBaseline !== null && ttftBaseline > 0) {
    const change = roundNoise(((current.ttftP95Ms - ttftBaseline) / ttftBaseline) * 100);
    if (change > ttftP95RisePercent && current.ttftP95Ms - ttftBaseline >= TTFT_MIN_RISE_MS) {
      regressions.push({ metric: "ttftP95Ms", current: current.ttftP95Ms, baselineMedian: ttftBaseline, change, unit: "percent", threshold: ttftP95RisePercent });
    }
  }
  return regressions;
}

// (0.8 - 0.9) x 100 is -10.000000000000009 in floats: a drop of exactly the threshold must not alert.
function roundNoise(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function isFiniteNumber(v: number | null): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Median of the known values (runs without the metric are skipped); null when none. */
function median(values: readonly (number | null)[]): number | null {
  const known = values.filter(isFiniteNumber).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const mid = Math.floor(known.length / 2);
  return known.length % 2 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
}
