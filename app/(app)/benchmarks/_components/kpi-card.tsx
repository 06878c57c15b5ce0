// One headline number of a run: what it is, the value, and what it is read with.
export function KpiCard({ label, value, detail, testId, children }: { label: string; value: React.ReactNode; detail?: React.ReactNode; testId?: string; children?: React.ReactNode }) {
  return (
    <div className="min-w-0 rounded-lg border border-border bg-card p-3 shadow-xs" data-testid={testId}>
      <p className="m-0 text-xs font-semibold uppercase tracking-wide text-muted-foreground">{label}</p>
      <p className="m-0 mt-1 text-xl font-bold tabular-nums">{value}</p>
      {detail && <div className="mt-0.5 text-xs text-muted-foreground tabular-nums">{detail}</div>}
      {children}
    </div>
  );
}
