// Budgets at a glance: spent this period against the amount, with the
// forecast for the period's end.
import Link from "next/link";
import type { BudgetView } from "@/lib/budgets/list-budgets";
import { formatUsdColumn, formatUsdEstimate } from "@/lib/format/format-usd";

export function BudgetSummary({ budgets, moreHref }: { budgets: BudgetView[]; moreHref: string }) {
  if (budgets.length === 0) return <p className="muted">No budgets yet. <Link href="/budgets">Set one</Link>.</p>;
  return (
    <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 10 }} data-testid="budget-summary">
      {budgets.map((b) => {
        const over = Number(b.status.forecast.projectedUsd) > Number(b.amountUsd);
        const [spent, amount] = formatUsdColumn([b.status.spentUsd, b.amountUsd]);
        return (
          <li key={b.id}>
            <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
              <span>{b.name} <span className="muted">({b.period}, {b.target})</span></span>
              <span>{spent} of {amount}</span>
            </div>
            <div className={`bar${b.status.percentUsed >= 100 ? " over" : ""}`} role="progressbar" aria-label={`${b.name}: ${b.status.percentUsed}% used`} aria-valuenow={Math.min(100, b.status.percentUsed)} aria-valuemin={0} aria-valuemax={100}>
              <span style={{ width: `${Math.min(100, b.status.percentUsed)}%` }} />
            </div>
            <div className={over ? "warn" : "muted"} style={{ fontSize: 12 }}>
              Forecast {formatUsdEstimate(b.status.forecast.projectedUsd)} by period end ({b.status.forecast.method}){over ? ": on track to exceed" : ""}
            </div>
          </li>
        );
      })}
      <li><Link href={moreHref}>All budgets →</Link></li>
    </ul>
  );
}
