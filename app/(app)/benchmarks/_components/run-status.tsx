// A run's status as a badge, and its progress as a bar with the line
// "12 of 20 · 8 s elapsed · ~5 s left" (the bar is a progressbar for
// assistive tech, the line says the same in words).
import { Badge } from "@/components/ui/badge";
import { describeRunProgress, describeStopReason, progressFraction, statusVariant, type RunProgress } from "@/lib/benchmarks/view/run-progress";

export function RunStatusBadge({ status, stopReason }: { status: string; stopReason?: string | null }) {
  const why = describeStopReason(stopReason);
  return (
    <Badge variant={statusVariant(status)} data-testid="run-status">
      {status}{why && why !== status ? ` (${why})` : ""}
    </Badge>
  );
}

export function RunProgressBar({ status, progress, label }: { status: string; progress: RunProgress; label: string }) {
  const pct = Math.round(progressFraction(progress) * 100);
  const text = describeRunProgress(status, progress);
  return (
    <div className="min-w-44">
      <div className="h-2 overflow-hidden rounded bg-border" role="progressbar" aria-label={`Progress: ${label}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={text}>
        <span className={`block h-full ${status === "failed" ? "bg-destructive" : "bg-primary"}`} style={{ width: `${pct}%` }} />
      </div>
      <p className="m-0 mt-0.5 whitespace-nowrap text-xs text-muted-foreground tabular-nums" data-testid="run-progress">{text}</p>
    </div>
  );
}
