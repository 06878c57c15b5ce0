// Period totals, the change against the previous period, and what is not
// in the total (unpriced) or not exact (estimated), always called out.
import Decimal from "decimal.js";
import type { SpendOverview } from "@/lib/dashboard/get-spend-overview";
import { formatCount, formatUsd } from "@/lib/format/format-usd";

export function SpendKpis({ overview }: { overview: Pick<SpendOverview, "totals" | "previousTotals" | "from" | "to"> }) {
  const { totals, previousTotals } = overview;
  const change = new Decimal(totals.costUsd).minus(previousTotals.costUsd);
  const pct = new Decimal(previousTotals.costUsd).isZero() ? null : change.div(previousTotals.costUsd).times(100).toFixed(1);
  return (
    <section className="card" aria-labelledby="spend-title">
      <h2 id="spend-title">Spend {overview.from} to {overview.to}</h2>
      <div className="kpi" data-testid="period-total">{formatUsd(totals.costUsd)}</div>
      <div className="muted">
        {change.isZero() ? "Same as" : change.gt(0) ? `Up ${formatUsd(change.toFixed())}${pct ? ` (${pct}%)` : ""} on` : `Down ${formatUsd(change.abs().toFixed())}${pct ? ` (${pct.replace("-", "")}%)` : ""} on`} the previous period
      </div>
      <div className="muted">{formatCount(totals.requests)} requests, {formatCount(totals.inputTokens)} input and {formatCount(totals.outputTokens)} output tokens</div>
      {totals.unpricedRequests > 0 && (
        <div className="warn" data-testid="unpriced-callout">
          {formatCount(totals.unpricedRequests)} requests unpriced (no price for the served model): not included above
        </div>
      )}
      {totals.estimatedRequests > 0 && <div className="muted" data-testid="estimated-callout">{formatCount(totals.estimatedRequests)} requests with estimated token counts (streams cut off before usage arrived)</div>}
    </section>
  );
}
