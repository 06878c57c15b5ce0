import Link from "next/link";
import { ALL_ROLES, BUDGET_EDITORS } from "@/lib/auth/principal";
import { listChannels } from "@/lib/alerts/manage-channels";
import { listBudgets } from "@/lib/budgets/list-budgets";
import { listModels } from "@/lib/catalog/manage-models";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listKeyOptions } from "@/lib/keys/list-key-options";
import { listProjects } from "@/lib/projects/list-projects";
import { getRedis } from "@/lib/redis";
import { BudgetCard } from "./budget-card";
import { BudgetForm } from "./budget-form";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const [allBudgets, projects, models, channels] = await Promise.all([
    listBudgets(db, getRedis(), principal),
    listProjects(db, principal),
    listModels(db, principal),
    listChannels(db, principal, getEncryptionKey()),
  ]);
  const keys = await listKeyOptions(db, principal, projects);
  const options = { projects: projects.map((p) => ({ id: p.id, name: p.name })), keys, models: models.map((m) => m.alias), channels: channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind })) };
  const canEdit = BUDGET_EDITORS.includes(principal.role);
  // ?project=<id> shows one project's budgets (its key budgets included); ?project=org the org-wide and tag ones.
  const only = typeof searchParams.project === "string" ? searchParams.project : null;
  const keyProject = new Map(allBudgets.filter((b) => b.apiKeyId).map((b) => [b.id, b.keyProjectId]));
  const budgets = only === null ? allBudgets
    : only === "org" ? allBudgets.filter((b) => b.scope === "org" || b.scope === "tag")
    : allBudgets.filter((b) => b.projectId === only || keyProject.get(b.id) === only);
  return (
    <>
      <h1>Budgets</h1>
      <p className="muted">
        Hard budgets are enforced by the proxy before a request is forwarded: it reserves the request&apos;s worst-case cost and refuses with a 429 when the budget has no room left.
        Periods follow the org&apos;s timezone.
      </p>
      <nav aria-label="Budgets for" style={{ marginBottom: 12, display: "flex", gap: 12, flexWrap: "wrap" }}>
        <Link href="/budgets" aria-current={only === null ? "page" : undefined}>All</Link>
        <Link href="/budgets?project=org" aria-current={only === "org" ? "page" : undefined}>Org-wide and tags</Link>
        {projects.map((p) => <Link key={p.id} href={`/budgets?project=${p.id}`} aria-current={only === p.id ? "page" : undefined}>{p.name}</Link>)}
      </nav>
      <div className="grid">
        {budgets.map((b) => <BudgetCard key={b.id} budget={b} options={options} canEdit={canEdit} />)}
      </div>
      {budgets.length === 0 && <p className="muted">No budgets yet.</p>}
      {canEdit && (
        <section className="card" style={{ marginTop: 16 }} aria-labelledby="new-budget">
          <h2 id="new-budget">New budget</h2>
          <BudgetForm options={options} />
        </section>
      )}
    </>
  );
});
