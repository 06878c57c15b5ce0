// What each benchmark number means, in vLLM benchmark_serving's names. A copy
// is stored with every run (BenchmarkRun.definitions) and shown in the UI, so a
// number can always be read against the formula it was computed with, even
// after a later version changes one.

export interface MetricDefinition {
  /** The name shown in tables and charts. */
  label: string;
  unit: string;
  formula: string;
}

export const METRIC_DEFINITIONS_VERSION = 1;

export const METRIC_DEFINITIONS = {
  ttft: {
    label: "TTFT (time to first token)",
    unit: "ms",
    formula: "Arrival of the first chunk that carries content (text or a tool-call delta) minus the time the request was sent, on the client's clock. A non-streamed answer's first token arrives with its last byte: TTFT = E2EL.",
  },
  tpot: {
    label: "TPOT (time per output token, excluding the first)",
    unit: "ms",
    formula: "(E2EL - TTFT) / (output tokens - 1), per request with more than one output token, streamed. Output tokens are as the model reported them.",
  },
  itl: {
    label: "ITL (inter-token latency)",
    unit: "ms",
    formula: "Every gap between consecutive content chunks of a request, pooled over all completed requests of the run. A chunk may carry several tokens, so ITL can exceed TPOT.",
  },
  e2el: {
    label: "E2EL (end-to-end latency)",
    unit: "ms",
    formula: "Arrival of the last byte of the answer minus the time the request was sent.",
  },
  statistics: {
    label: "Mean, std, p50/p90/p95/p99",
    unit: "as the metric",
    formula: "Over completed requests only (failed ones count in the error rate). Std is the population standard deviation; percentiles interpolate linearly between the two nearest ranks at index (n - 1) x p/100 (numpy's default, as vLLM).",
  },
  outputTokensPerSecPerRequest: {
    label: "Output tokens/s (per request)",
    unit: "tokens/s",
    formula: "Output tokens / (E2EL - TTFT) in seconds; undefined for a non-streamed answer (E2EL = TTFT).",
  },
  outputThroughput: {
    label: "Output token throughput",
    unit: "tokens/s",
    formula: "Sum of the output tokens of completed requests / wall time of the run (first request sent to last answer received, warm-up excluded).",
  },
  requestThroughput: {
    label: "Request throughput",
    unit: "requests/s",
    formula: "Completed requests / wall time of the run.",
  },
  goodput: {
    label: "Goodput",
    unit: "requests/s",
    formula: "Completed requests meeting every objective the run names (TTFT <= objective, TPOT <= objective, E2EL <= objective) / wall time. A request with at most one output token has no TPOT and meets a TPOT objective. Undefined when the run names no objective.",
  },
  errorRate: {
    label: "Error rate",
    unit: "share of requests",
    formula: "Failed requests / all requests, with counts per error class (timeout, rate_limited, upstream_5xx, client_4xx, budget, network, cut_stream).",
  },
  tokensPerCase: {
    label: "Input and output tokens per case",
    unit: "tokens",
    formula: "As the model reported them: per case, the mean over its completed repeats; for the run, the mean of those per-case means.",
  },
  cost: {
    label: "Cost",
    unit: "USD",
    formula: "Total: sum of the metered cost of every priced request (failed ones included). Per request: mean over priced completed requests. Per 1,000 cases: 1,000 x the mean over cases of each case's mean cost. Exact decimals, rounded once to 9 places, half to even; unpriced requests are counted, not guessed.",
  },
  passRate: {
    label: "Pass rate (95% Wilson interval)",
    unit: "share of graded requests",
    formula: "Passed / graded requests, with the Wilson score interval: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.96.",
  },
  meanScore: {
    label: "Mean score",
    unit: "0-1",
    formula: "Mean of the weighted check scores of scored requests, shown with their count.",
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRIC_DEFINITIONS;

/** What BenchmarkRun.definitions stores. */
export function definitionsForRun() {
  return { version: METRIC_DEFINITIONS_VERSION, metrics: METRIC_DEFINITIONS };
}
