// What the simulator reads from benchmark runs, built from the latest
// completed run of each suite x model (load-whatif-inputs.ts picks them):
//   quality: the run summary's graded and passed answers (a model with no
//            graded answer on a suite is unmeasured on it);
//   latency: the per-request TTFT and output tokens/s of the answered
//            requests of those runs, every suite pooled (a model's speed is
//            not a property of one suite);
//   ratios:  the per-case reported token counts of the summaries
//            (tokens.*.byCase); for each ordered pair of models, the suite
//            on which both answered the most cases in common.
// Summaries are stored JSON (older ones may lack a field): read
// defensively, a missing or malformed number is "not measured", never 0.
import type { CaseTokens, MeasuredPair } from "../measure-token-ratios";
import type { LatencyProfile, LatencyTable, MeasuredPassRate, QualityTable } from "../whatif-inputs";

export interface LatestRun {
  runId: string;
  suiteId: string;
  model: string;
  summary: unknown;
}

export interface LatencySample {
  runId: string;
  ttftMs: number | null;
  outputTokensPerSec: number | null;
}

export type RatioPair = { sourceModel: string; targetModel: string } & MeasuredPair;

const record = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const count = (v: unknown): number | null => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : null);

export function passRateOf(summary: unknown): { passed: number; graded: number } | null {
  const quality = record(record(summary)?.quality);
  const graded = count(quality?.graded), passed = count(quality?.passed);
  return graded !== null && passed !== null && graded > 0 && passed <= graded ? { passed, graded } : null;
}

/** case id -> mean reported tokens, finite and non-negative values only. */
export function tokensByCase(summary: unknown, side: "input" | "output"): Record<string, number> {
  const byCase = record(record(record(record(summary)?.tokens)?.[side])?.byCase);
  const out: Record<string, number> = {};
  for (const [caseId, v] of Object.entries(byCase ?? {})) if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[caseId] = v;
  return out;
}

export function qualityFromRuns(runs: readonly LatestRun[]): QualityTable {
  const table = new Map<string, Map<string, MeasuredPassRate>>();
  for (const run of runs) {
    const rate = passRateOf(run.summary);
    if (!rate) continue;
    let suite = table.get(run.suiteId);
    if (!suite) table.set(run.suiteId, (suite = new Map()));
    suite.set(run.model, { ...rate, runIds: [run.runId] });
  }
  return table;
}

export function latencyFromSamples(runs: readonly LatestRun[], samples: readonly LatencySample[]): LatencyTable {
  const modelOfRun = new Map(runs.map((r) => [r.runId, r.model]));
  const byModel = new Map<string, { ttftMs: number[]; outputTokensPerSec: number[]; runIds: Set<string> }>();
  for (const s of samples) {
    const model = modelOfRun.get(s.runId);
    if (model === undefined) continue;
    let p = byModel.get(model);
    if (!p) byModel.set(model, (p = { ttftMs: [], outputTokensPerSec: [], runIds: new Set() }));
    if (s.ttftMs !== null && Number.isFinite(s.ttftMs) && s.ttftMs >= 0) p.ttftMs.push(s.ttftMs);
    if (s.outputTokensPerSec !== null && Number.isFinite(s.outputTokensPerSec) && s.outputTokensPerSec > 0) p.outputTokensPerSec.push(s.outputTokensPerSec);
    p.runIds.add(s.runId);
  }
  const table = new Map<string, LatencyProfile>();
  for (const [model, p] of byModel) {
    if (p.ttftMs.length === 0 || p.outputTokensPerSec.length === 0) continue;
    table.set(model, { ttftMs: p.ttftMs, outputTokensPerSec: p.outputTokensPerSec, runIds: [...p.runIds].sort() });
  }
  return table;
}

const paired = (a: Record<string, number>, b: Record<string, number>) => Object.keys(a).filter((k) => Object.hasOwn(b, k)).length;

export function ratioPairsFromRuns(runs: readonly LatestRun[]): RatioPair[] {
  // suite -> model -> its case tokens
  const bySuite = new Map<string, Map<string, CaseTokens>>();
  for (const run of runs) {
    const tokens: CaseTokens = { input: tokensByCase(run.summary, "input"), output: tokensByCase(run.summary, "output"), runIds: [run.runId] };
    if (Object.keys(tokens.input).length === 0 && Object.keys(tokens.output).length === 0) continue;
    let suite = bySuite.get(run.suiteId);
    if (!suite) bySuite.set(run.suiteId, (suite = new Map()));
    suite.set(run.model, tokens);
  }
  const models = [...new Set([...bySuite.values()].flatMap((s) => [...s.keys()]))].sort();
  const suites = [...bySuite.keys()].sort();
  const pairs: RatioPair[] = [];
  for (const source of models) {
    for (const target of models) {
      if (source === target) continue;
      let best: { suiteId: string; score: number } | null = null;
      for (const suiteId of suites) {
        const s = bySuite.get(suiteId)!.get(source), t = bySuite.get(suiteId)!.get(target);
        if (!s || !t) continue;
        const score = paired(s.input, t.input) + paired(s.output, t.output);
        if (score > 0 && (!best || score > best.score)) best = { suiteId, score };
      }
      if (!best) continue;
      const suite = bySuite.get(best.suiteId)!;
      pairs.push({ sourceModel: source, targetModel: target, suiteId: best.suiteId, source: suite.get(source)!, target: suite.get(target)! });
    }
  }
  return pairs;
}
