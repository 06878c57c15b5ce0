// Period totals, the change against the previous period, and what is not
// in the total (unpriced) or not exact (estimated), always called out.
import Decimal from "decimal.js";
import type { SpendOverview } from "@/lib/dashboard/get-spend-overview";
import { formatChange } from "@/lib/format/format-change";
import { formatNumber } from "@/lib/format/format-number";
import { formatUsdColumn } from "@/lib/format/format-usd";

export function SpendKpis({ overview }: { overview: Pick<SpendOverview, "totals" | "previousTotals" | "from" | "to"> }) {
  const { totals, previousTotals } = overview;
  const change = new Decimal(totals.costUsd).minus(previousTotals.costUsd);
  // The change and the previous total are read against the total: one precision for the three.
  const [totalText, changeText, previousText] = formatUsdColumn([totals.costUsd, change.abs().toFixed(), previousTotals.costUsd]);
  const pct = formatChange(totals.costUsd, previousTotals.costUsd).replace(/^[+-]/, "");
  return (
    <section className="card" aria-labelledby="spend-title">
      <h2 id="spend-title">Spend {overview.from} to {overview.to}</h2>
      <div className="kpi" data-testid="period-total">{totalText}</div>
      <div className="muted">
        {change.isZero() ? "Same as" : `${change.gt(0) ? "Up" : "Down"} ${changeText}${pct === "–" ? "" : ` (${pct})`} on`} the previous period ({previousText})
      </div>
      <div className="muted">{formatNumber(totals.requests)} requests, {formatNumber(totals.inputTokens)} input and {formatNumber(totals.outputTokens)} output tokens</div>
      {totals.unpricedRequests > 0 && (
        <div className="warn" data-testid="unpriced-callout">
          {formatNumber(totals.unpricedRequests)} requests unpriced (no price for the served model): not included above
        </div>
      )}
      {totals.estimatedRequests > 0 && <div className="muted" data-testid="estimated-callout">{formatNumber(totals.estimatedRequests)} requests with estimated token counts (streams cut off before usage arrived)</div>}
    </section>
  );
}
