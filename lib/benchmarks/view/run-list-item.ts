// One benchmark run as lists, tables and charts read it: the shape of
// GET /api/manage/v1/benchmarks/runs (timestamps as ISO strings), built
// from the same lib function's rows on the server, so the first render
// and every poll after it agree.
import type { RunHeadline } from "../read-run-headline";
import type { RunProgress } from "./run-progress";

export interface RunListItem {
  id: string;
  batchId: string;
  status: string;
  trigger: string;
  stopReason: string | null;
  error: string | null;
  model: string;
  suite: { id: string; name: string };
  costUsd: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequestedAt: string | null;
  progress: RunProgress;
  headline: RunHeadline | null;
}

type When = Date | string | null;
const iso = (d: When): string | null => (d === null ? null : typeof d === "string" ? d : d.toISOString());

/** A run as the lib returns it (Dates) or as the API sent it (ISO strings). */
export type RunLike = Omit<RunListItem, "createdAt" | "startedAt" | "finishedAt" | "cancelRequestedAt"> & {
  createdAt: Date | string;
  startedAt: When;
  finishedAt: When;
  cancelRequestedAt: When;
};

export function toRunListItem(run: RunLike): RunListItem {
  return {
    id: run.id, batchId: run.batchId, status: run.status, trigger: run.trigger, stopReason: run.stopReason, error: run.error, model: run.model,
    suite: { id: run.suite.id, name: run.suite.name }, costUsd: run.costUsd, createdAt: iso(run.createdAt)!, startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt), cancelRequestedAt: iso(run.cancelRequestedAt), progress: run.progress, headline: run.headline,
  };
}

/** The newest finished (succeeded) run of each model, for one suite or all: what charts place and suites list. */
export function latestSucceededByModel(runs: readonly RunListItem[], suiteId?: string): Map<string, RunListItem> {
  const latest = new Map<string, RunListItem>();
  for (const run of runs) {
    if (run.status !== "succeeded" || (suiteId && run.suite.id !== suiteId)) continue;
    const seen = latest.get(run.model);
    if (!seen || endedAt(run) > endedAt(seen)) latest.set(run.model, run);
  }
  return latest;
}

/** Per suite, the newest finished run of each model (model order: alphabetical). */
export function lastRunsBySuite(runs: readonly RunListItem[]): Map<string, RunListItem[]> {
  const bySuite = new Map<string, RunListItem[]>();
  const suiteIds = new Set(runs.map((r) => r.suite.id));
  for (const suiteId of suiteIds) {
    const latest = [...latestSucceededByModel(runs, suiteId).values()].sort((a, b) => a.model.localeCompare(b.model));
    if (latest.length) bySuite.set(suiteId, latest);
  }
  return bySuite;
}

const endedAt = (r: RunListItem) => Date.parse(r.finishedAt ?? r.createdAt);
