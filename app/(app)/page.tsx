import Link from "next/link";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { ALL_ROLES } from "@/lib/auth/principal";
import { listBudgets } from "@/lib/budgets/list-budgets";
import { listModels } from "@/lib/catalog/manage-models";
import { dashboardFilterSchema } from "@/lib/dashboard/dashboard-scope";
import { resolveDashboardQuery } from "@/lib/dashboard/resolve-dashboard-query";
import { getSpendOverview } from "@/lib/dashboard/get-spend-overview";
import { getDb } from "@/lib/db";
import { formatChange } from "@/lib/format/format-change";
import { formatNumber } from "@/lib/format/format-number";
import { formatUsdColumn } from "@/lib/format/format-usd";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";
import { listProjects } from "@/lib/projects/list-projects";
import { getRedis } from "@/lib/redis";
import { BudgetSummary } from "./_components/budget-summary";
import { DashboardFilters } from "./_components/dashboard-filters";
import { FilterProblem } from "./_components/filter-problem";
import { SpendKpis } from "./_components/spend-kpis";
import { SpendByTierChart } from "./_components/spend-by-tier-chart";
import { SpendTable } from "./_components/spend-table";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const raw = pageQuery(searchParams);
  const resolved = await resolveDashboardQuery(db, principal, dashboardFilterSchema, raw);
  if (!resolved.ok) return <FilterProblem title="Spend overview" problem={resolved.problem} reset="/" />;
  const { scope } = resolved;
  const [overview, budgets, anomalies, projects, models] = await Promise.all([
    getSpendOverview(db, scope),
    listBudgets(db, getRedis(), principal),
    listAlerts(db, principal, { kind: "anomaly", limit: 5 }),
    listProjects(db, principal),
    listModels(db, principal),
  ]);
  const query = new URLSearchParams(raw).toString();
  const keep = (extra: Record<string, string>) => new URLSearchParams({ from: scope.from, to: scope.to, ...extra }).toString();
  const topBudgets = [...budgets].sort((a, b) => b.status.percentUsed - a.status.percentUsed).slice(0, 5);
  return (
    <>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline", gap: 16, flexWrap: "wrap" }}>
        <h1>Spend overview</h1>
        <a href={`/api/manage/v1/exports/focus?${query}`} download data-testid="focus-export">Export FOCUS 1.2 (CSV)</a>
      </div>
      <DashboardFilters action="/" scope={scope} projects={projects} models={[...models.map((m) => m.alias), ...overview.byModel.map((m) => m.id)]} tags={overview.byTag.map((t) => t.id)} />
      {anomalies.alerts.length > 0 && (
        <section className="card" aria-labelledby="anomalies-title" style={{ marginBottom: 16, borderColor: "var(--danger)" }} data-testid="anomalies">
          <h2 id="anomalies-title" className="warn">Spend anomalies</h2>
          <ul>{anomalies.alerts.map((a) => <li key={a.id}>{a.firedAt.toISOString().slice(0, 16).replace("T", " ")}: {a.message}</li>)}</ul>
        </section>
      )}
      <div className="grid">
        <SpendKpis overview={overview} />
        <section className="card" aria-labelledby="budgets-title">
          <h2 id="budgets-title">Budgets this period</h2>
          <BudgetSummary budgets={topBudgets} moreHref="/budgets" />
        </section>
      </div>
      <section className="card" aria-labelledby="tier-title" style={{ marginTop: 16 }}>
        <h2 id="tier-title">Spend per day by tier</h2>
        <SpendByTierChart rows={overview.dailyByTier} from={scope.from} to={scope.to} />
      </section>
      <section className="card" aria-labelledby="movers-title" style={{ marginTop: 16 }}>
        <h2 id="movers-title">Top movers against {overview.previousFrom} to {overview.previousTo}</h2>
        {overview.topMovers.length === 0 ? <p className="muted">No change against the previous period.</p> : (
          <ul data-testid="top-movers">
            {overview.topMovers.map((m) => {
              // The change and both periods in one precision (lib/format/format-usd.ts), and "new" rather than a percentage against almost nothing.
              const [change, previous, current] = formatUsdColumn([m.changeUsd, m.previousCostUsd, m.costUsd]);
              const pct = formatChange(m.costUsd, m.previousCostUsd);
              return (
                <li key={`${m.dimension}:${m.id}`}>
                  {m.dimension === "project" ? "Project" : "Model"}{" "}
                  <Link href={m.dimension === "project" ? `/projects/${m.id}?${keep({})}` : `/models/usage?${keep({ model: m.id })}`}>{m.label}</Link>:{" "}
                  <span className={m.changeUsd.startsWith("-") ? "down" : "up"}>{m.changeUsd.startsWith("-") ? "" : "+"}{change}{pct === "–" ? "" : ` (${pct})`}</span>{" "}
                  <span className="muted">({previous} → {current})</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <div className="grid" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="project-title">
          <h2 id="project-title">By project</h2>
          <SpendTable dimension="project" groups={overview.byProject} caption="Spend by project" link={(g) => `/projects/${g.id}?${keep({})}`} />
          <p><Link href="/projects">All projects</Link></p>
        </section>
        <section className="card" aria-labelledby="models-title">
          <h2 id="models-title">By model</h2>
          <SpendTable dimension="model" groups={overview.byModel} caption="Spend by model" link={(g) => `/models/usage?${keep({ model: g.id })}`} />
        </section>
      </div>
      <div className="grid" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="keys-title">
          <h2 id="keys-title">By API key</h2>
          <SpendTable dimension="key" groups={overview.byKey} caption="Spend by API key" />
        </section>
        <section className="card" aria-labelledby="tags-title">
          <h2 id="tags-title">By tag</h2>
          <SpendTable dimension="tag" groups={overview.byTag} caption="Spend by tag" />
          <p className="muted">A request with several tags counts under each, so this table can add up to more than the total.</p>
        </section>
      </div>
      <section className="card" aria-labelledby="tiers-title" style={{ marginTop: 16 }}>
        <h2 id="tiers-title">By tier</h2>
        <SpendTable dimension="tier" groups={overview.byTier} caption="Spend by tier" />
        <p className="muted">{formatNumber(overview.totals.requests)} requests in {overview.from} to {overview.to}.</p>
      </section>
    </>
  );
});
