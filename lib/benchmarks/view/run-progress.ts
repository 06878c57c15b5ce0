// A run's progress as one line ("12 of 20 · 8 s elapsed · ~5 s left") and
// as a fraction for the bar, from the API's progress { done, total,
// elapsedMs, etaMs }. Active runs are the ones a page keeps polling for.
import { formatNumber } from "@/lib/format/format-number";
import { formatDuration } from "./format-metric";

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface RunProgress {
  done: number;
  total: number;
  elapsedMs: number;
  etaMs: number | null;
}

export const isActiveStatus = (status: string): boolean => status === "queued" || status === "running";

export function progressFraction(p: RunProgress): number {
  if (!(p.total > 0)) return 0;
  return Math.min(Math.max(p.done / p.total, 0), 1);
}

export function describeRunProgress(status: string, p: RunProgress): string {
  const count = `${formatNumber(p.done)} of ${formatNumber(p.total)}`;
  if (status === "queued") return `Queued · ${count}`;
  if (status === "running") {
    const parts = [count, `${formatDuration(p.elapsedMs)} elapsed`];
    if (p.etaMs !== null && Number.isFinite(p.etaMs)) parts.push(`~${formatDuration(p.etaMs)} left`);
    return parts.join(" · ");
  }
  return p.elapsedMs > 0 ? `${count} · took ${formatDuration(p.elapsedMs)}` : count;
}

/** Badge colour of a status: finished well, still going, stopped, failed. */
export function statusVariant(status: string): "ok" | "primary" | "warn" | "danger" | "neutral" {
  if (status === "succeeded") return "ok";
  if (status === "running" || status === "queued") return "primary";
  if (status === "cancelled") return "warn";
  if (status === "failed") return "danger";
  return "neutral";
}

/** Why a run ended early, in words. */
export function describeStopReason(reason: string | null | undefined): string | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case "cancelled": return "cancelled";
    case "cost_cap": return "stopped at its cost cap";
    case "max_duration": return "stopped at its maximum duration";
    case "budget": return "stopped by a budget";
    case "worker_stopped": return "the worker stopped during the run";
    default: return reason;
  }
}
