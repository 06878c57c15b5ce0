import { ALL_ROLES } from "@/lib/auth/principal";
import { getSpendOverview } from "@/lib/dashboard/get-spend-overview";
import { getDb } from "@/lib/db";
import { formatCount, formatUsd } from "@/lib/format/format-usd";
import { withPage } from "@/lib/http/with-page";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { SpendByTierChart } from "./_components/spend-by-tier-chart";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const [overview, anomalies] = await Promise.all([getSpendOverview(getDb(), principal.orgId), listAlerts(getDb(), principal, { kind: "anomaly", limit: 5 })]);
  const mtd = overview.monthToDate;
  return (
    <>
      <h1>Spend overview</h1>
      {anomalies.alerts.length > 0 && (
        <section className="card" aria-labelledby="anomalies-title" style={{ marginBottom: 16, borderColor: "var(--danger)" }} data-testid="anomalies">
          <h2 id="anomalies-title" className="warn">Spend anomalies</h2>
          <ul>{anomalies.alerts.map((a) => <li key={a.id}>{a.firedAt.toISOString().slice(0, 16).replace("T", " ")}: {a.message}</li>)}</ul>
        </section>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="mtd-title">
          <h2 id="mtd-title">Month to date</h2>
          <div className="kpi" data-testid="mtd-total">{formatUsd(mtd.costUsd)}</div>
          <div className="muted">{formatCount(mtd.requests)} requests</div>
          {mtd.unpricedRequests > 0 && (
            <div className="warn" data-testid="unpriced-callout">
              {formatCount(mtd.unpricedRequests)} requests unpriced (no price for the served model): not included above
            </div>
          )}
          {mtd.estimatedRequests > 0 && <div className="muted">{formatCount(mtd.estimatedRequests)} requests with estimated token counts</div>}
        </section>
        <section className="card" aria-labelledby="tier-title" style={{ gridColumn: "span 2" }}>
          <h2 id="tier-title">Spend per day by tier (last 30 days)</h2>
          <SpendByTierChart rows={overview.dailyByTier} />
        </section>
      </div>
      <div className="grid" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="project-title">
          <h2 id="project-title">Spend by project (last 30 days)</h2>
          <table data-testid="by-project">
            <thead>
              <tr><th>Project</th><th className="num">Requests</th><th className="num">Spend</th></tr>
            </thead>
            <tbody>
              {overview.byProject.map((p) => (
                <tr key={p.projectId}>
                  <td>{p.name}</td>
                  <td className="num">{formatCount(p.requests)}</td>
                  <td className="num">{formatUsd(p.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {overview.byProject.length === 0 && <p className="muted">No usage yet. Send a request through the proxy to see it here.</p>}
        </section>
        <section className="card" aria-labelledby="models-title">
          <h2 id="models-title">Top models (last 30 days)</h2>
          <table data-testid="top-models">
            <thead>
              <tr><th>Model</th><th>Tier</th><th className="num">Requests</th><th className="num">Spend</th></tr>
            </thead>
            <tbody>
              {overview.topModels.map((m) => (
                <tr key={m.model}>
                  <td>{m.model}</td>
                  <td><span className={`tier tier-${m.tier}`}>{m.tier}</span></td>
                  <td className="num">{formatCount(m.requests)}</td>
                  <td className="num">{m.unpricedRequests === m.requests ? <span className="warn">unpriced</span> : formatUsd(m.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
});
