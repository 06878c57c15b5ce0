import Link from "next/link";
import { ALL_ROLES } from "@/lib/auth/principal";
import { listBudgets } from "@/lib/budgets/list-budgets";
import { dashboardFilterSchema } from "@/lib/dashboard/dashboard-scope";
import { getSpendOverview } from "@/lib/dashboard/get-spend-overview";
import { resolveDashboardQuery } from "@/lib/dashboard/resolve-dashboard-query";
import { getDb } from "@/lib/db";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { findAccessibleProject } from "@/lib/projects/find-accessible-project";
import { listProjectMembers } from "@/lib/projects/manage-project-members";
import { getRedis } from "@/lib/redis";
import { BudgetSummary } from "../../_components/budget-summary";
import { DashboardFilters } from "../../_components/dashboard-filters";
import { FilterProblem } from "../../_components/filter-problem";
import { SpendByTierChart } from "../../_components/spend-by-tier-chart";
import { SpendKpis } from "../../_components/spend-kpis";
import { SpendTable } from "../../_components/spend-table";

export const dynamic = "force-dynamic";

// One project: its spend trend, models, keys, tags, budgets and members.
export default withPage(ALL_ROLES, async ({ principal, searchParams, params }) => {
  const db = getDb();
  const projectId = params.projectId!;
  const raw = { ...pageQuery(searchParams), project: projectId };
  const resolved = await resolveDashboardQuery(db, principal, dashboardFilterSchema, raw);
  if (!resolved.ok) return <FilterProblem title="Project" problem={resolved.problem} reset={`/projects/${projectId}`} />;
  const { scope } = resolved;
  const [project, overview, budgets, keys, members] = await Promise.all([
    findAccessibleProject(db, principal, projectId),
    getSpendOverview(db, scope),
    listBudgets(db, getRedis(), principal),
    listApiKeys(db, principal, projectId),
    listProjectMembers(db, principal, projectId),
  ]);
  const projectBudgets = budgets.filter((b) => b.projectId === projectId || b.keyProjectId === projectId);
  const range = new URLSearchParams({ from: scope.from, to: scope.to });
  return (
    <>
      <p><Link href={`/?${range}`}>← Overview</Link></p>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline", gap: 16, flexWrap: "wrap" }}>
        <h1>Project {project.name}</h1>
        <span>
          <Link href={`/requests?projectId=${projectId}`}>Request log</Link>{" · "}
          <a href={`/api/manage/v1/exports/focus?${new URLSearchParams(raw)}`} download>Export FOCUS 1.2 (CSV)</a>
        </span>
      </div>
      {project.description && <p className="muted">{project.description}</p>}
      <DashboardFilters action={`/projects/${projectId}`} scope={scope} models={overview.byModel.map((m) => m.id)} tags={overview.byTag.map((t) => t.id)} />
      <div className="grid">
        <SpendKpis overview={overview} />
        <section className="card" aria-labelledby="budgets-title">
          <h2 id="budgets-title">Budgets</h2>
          <BudgetSummary budgets={projectBudgets} moreHref={`/budgets?project=${projectId}`} />
        </section>
      </div>
      <section className="card" aria-labelledby="trend-title" style={{ marginTop: 16 }}>
        <h2 id="trend-title">Spend per day by tier</h2>
        <SpendByTierChart rows={overview.dailyByTier} from={scope.from} to={scope.to} />
      </section>
      <div className="grid" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="models-title">
          <h2 id="models-title">Models</h2>
          <SpendTable dimension="model" groups={overview.byModel} caption={`Spend by model in ${project.name}`} link={(g) => `/models/usage?${new URLSearchParams({ from: scope.from, to: scope.to, project: projectId, model: g.id })}`} />
        </section>
        <section className="card" aria-labelledby="keys-title">
          <h2 id="keys-title">API keys</h2>
          <SpendTable dimension="key" groups={overview.byKey} caption={`Spend by API key in ${project.name}`} />
          <p className="muted">{keys.filter((k) => !k.revokedAt).length} active keys. <Link href="/keys">Manage keys</Link></p>
        </section>
      </div>
      <div className="grid" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          <SpendTable dimension="tag" groups={overview.byTag} caption={`Spend by tag in ${project.name}`} />
        </section>
        <section className="card" aria-labelledby="members-title">
          <h2 id="members-title">Members</h2>
          <p className="muted">Owners, admins and finance see every project; engineers and viewers see the projects they are members of.</p>
          {members.length === 0 ? <p className="muted">No project members.</p> : (
            <ul data-testid="project-members">{members.map((m) => <li key={m.userId}>{m.name ?? m.email} <span className="muted">({m.email}, {m.role})</span></li>)}</ul>
          )}
        </section>
      </div>
    </>
  );
});
