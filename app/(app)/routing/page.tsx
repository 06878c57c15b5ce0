import Link from "next/link";
import { Plus } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { ALL_ROLES } from "@/lib/auth/principal";
import { resolveDashboardQuery } from "@/lib/dashboard/resolve-dashboard-query";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/app-error";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";
import { listRoutingPolicies } from "@/lib/routing/manage-routing-policies";
import { readRoutingStats, routingStatsFilterSchema } from "@/lib/routing/read-routing-stats";
import { mayCreatePolicies, mayEditPolicy } from "@/lib/routing/view/may-edit-policy";
import { loadRoutingOptions } from "./_components/load-routing-options";
import { PoliciesTable } from "./_components/policies-table";
import { RoutingStatsView } from "./_components/routing-stats-view";
import { StatsRangeFilter } from "./_components/stats-range-filter";
import { TestRequestPanel } from "./_components/test-request-panel";

export const dynamic = "force-dynamic";

// The org's routing policies, what routing did in a range of days, and a request tried against the policies as they are.
export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const [policies, options] = await Promise.all([listRoutingPolicies(db, principal), loadRoutingOptions(db, principal)]);
  const resolved = await resolveDashboardQuery(db, principal, routingStatsFilterSchema, pageQuery(searchParams));
  const stats = resolved.ok
    ? await readRoutingStats(db, resolved.scope).then((s) => ({ ok: true as const, stats: s, scope: resolved.scope }), (error: unknown) => {
      if (error instanceof AppError) return { ok: false as const, problem: error.message };
      throw error;
    })
    : resolved;
  const canCreate = mayCreatePolicies(principal.role) && (options.mayEditOrgWide || options.projects.length > 0);
  const rows = policies.map((p) => ({
    id: p.id, name: p.name, projectName: p.projectName, priority: p.priority, mode: p.mode, enabled: p.enabled,
    ruleCount: Array.isArray(p.rules) ? p.rules.length : 0, updatedAt: p.updatedAt.toISOString(), canEdit: mayEditPolicy(principal.role, p.projectId),
  }));
  const newPolicy = <Link href="/routing/new" className={buttonVariants({ className: "no-underline" })}><Plus aria-hidden />New policy</Link>;
  return (
    <>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="mb-0">Routing</h1>
        {canCreate && policies.length > 0 && newPolicy}
      </div>
      <p className="text-muted-foreground">
        Policies decide which model serves each request: a project&apos;s policies first, then the org&apos;s, each by priority, and within a policy the first rule that matches.
        Every attempt (fallbacks and escalations too) is budgeted, priced and metered as the model that served it. A policy in shadow is evaluated and recorded, never applied.
      </p>
      <section className="card mb-4" aria-labelledby="policies-title">
        <h2 id="policies-title">Policies</h2>
        {policies.length === 0 ? (
          <div className="grid justify-items-start gap-2" data-testid="no-policies">
            <p className="m-0 text-muted-foreground">No routing policies yet: every request is served by the model it asks for, through that model&apos;s first deployment.</p>
            {canCreate ? newPolicy : <p className="m-0 text-muted-foreground">An owner, admin or engineer can add them.</p>}
          </div>
        ) : (
          <PoliciesTable policies={rows} />
        )}
      </section>
      <section className="card mb-4" aria-labelledby="statistics" >
        <h2 id="statistics" className="scroll-mt-4">Statistics</h2>
        {stats.ok ? (
          <>
            <StatsRangeFilter from={stats.scope.from} to={stats.scope.to} timezone={stats.scope.timezone} project={stats.scope.filter.project} projects={options.projects} />
            <RoutingStatsView stats={stats.stats} existingPolicyIds={new Set(policies.map((p) => p.id))} />
          </>
        ) : (
          <p role="alert" className="warn">These statistics cannot be shown: {stats.problem}. <Link href="/routing#statistics">Reset the range</Link></p>
        )}
      </section>
      <section className="card" aria-labelledby="test-title">
        <h2 id="test-title">Test a request</h2>
        {options.projects.length === 0 ? <p className="m-0 text-muted-foreground">A request comes from a project: you are not a member of any.</p> : <TestRequestPanel options={options} />}
      </section>
    </>
  );
});
