import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listProjectSummaries } from "@/lib/projects/list-project-summaries";
import { DataTable, type Column } from "../_components/data-table";

export const dynamic = "force-dynamic";

const columns: Column[] = [
  { key: "name", label: "Project", linkKey: "href" },
  { key: "description", label: "Description" },
  { key: "costThisMonthUsd", label: "Spend this month (USD)", kind: "usd" },
  { key: "costLastMonthUsd", label: "Spend last month (USD)", kind: "usd" },
  { key: "requestsThisMonth", label: "Requests this month", kind: "count" },
  { key: "budgets", label: "Budgets", kind: "count" },
  { key: "members", label: "Members", kind: "count" },
];

// Every project the signed-in user may see (engineers and viewers: their own), with this month's and last month's spend.
export default withPage(ALL_ROLES, async ({ principal }) => {
  const list = await listProjectSummaries(getDb(), principal);
  const rows = list.projects.map((p) => ({
    name: p.name, href: `/projects/${p.id}`, description: p.description ?? "", costThisMonthUsd: p.costThisMonthUsd,
    costLastMonthUsd: p.costLastMonthUsd, requestsThisMonth: p.requestsThisMonth, budgets: p.budgets, members: p.members,
  }));
  return (
    <>
      <h1>Projects</h1>
      <p className="muted">This month from {list.thisMonth}, last month from {list.lastMonth} (the org&apos;s timezone). Members are project members; owners, admins and finance see every project.</p>
      <section className="card" aria-labelledby="projects-title">
        <h2 id="projects-title">All projects</h2>
        <DataTable columns={columns} rows={rows} caption="Projects" csvName="projects" testId="projects-table" empty="No projects you can see." initialSort={{ key: "name", desc: false }} />
      </section>
    </>
  );
});
