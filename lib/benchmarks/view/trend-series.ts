// Trends over time per model for one suite: each finished run a point at
// its end time, pass rate and p95 TTFT, oldest first. A run without the
// number (not graded, nothing completed) leaves a gap, never a fake 0.
import type { RunListItem } from "./run-list-item";

export interface TrendPoint {
  /** Epoch ms of the run's end. */
  t: number;
  runId: string;
  passRate: number | null;
  ttftP95Ms: number | null;
}

export interface TrendSeries {
  model: string;
  points: TrendPoint[];
}

export function trendSeries(runs: readonly RunListItem[], suiteId: string): TrendSeries[] {
  const byModel = new Map<string, TrendPoint[]>();
  for (const run of runs) {
    if (run.suite.id !== suiteId || run.status !== "succeeded" || !run.headline) continue;
    const t = Date.parse(run.finishedAt ?? run.createdAt);
    if (!Number.isFinite(t)) continue;
    const points = byModel.get(run.model) ?? [];
    points.push({ t, runId: run.id, passRate: run.headline.passRate, ttftP95Ms: run.headline.ttftP95Ms });
    byModel.set(run.model, points);
  }
  return [...byModel]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, points]) => ({ model, points: points.sort((a, b) => a.t - b.t || a.runId.localeCompare(b.runId)) }));
}
