// The projects list: each project the principal may see (same scoping as
// every project lookup, lib/projects/project-access.ts) with its spend this
// calendar month and last (org-local months, from the daily rollups), its
// requests this month, and how many budgets and members it has.
import { TZDate } from "@date-fns/tz";
import { format, startOfMonth, subMonths } from "date-fns";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { projectAccessWhere } from "./project-access";

export interface ProjectSummary {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  /** Exact decimal USD strings (9 decimals). */
  costThisMonthUsd: string;
  costLastMonthUsd: string;
  requestsThisMonth: number;
  /** Budgets on the project or on one of its keys. */
  budgets: number;
  members: number;
}

export interface ProjectSummaries {
  /** First days (YYYY-MM-DD, org-local) of this month and last. */
  thisMonth: string;
  lastMonth: string;
  projects: ProjectSummary[];
}

export async function listProjectSummaries(db: DbClient, principal: Principal, now = new Date()): Promise<ProjectSummaries> {
  const org = await db.org.findUniqueOrThrow({ where: { id: principal.orgId }, select: { timezone: true } });
  const monthStart = startOfMonth(new TZDate(now.getTime(), org.timezone));
  const thisMonth = format(monthStart, "yyyy-MM-dd");
  const lastMonth = format(subMonths(monthStart, 1), "yyyy-MM-dd");
  const today = format(new TZDate(now.getTime(), org.timezone), "yyyy-MM-dd");
  const projects = await db.project.findMany({
    where: { orgId: principal.orgId, archivedAt: null, ...projectAccessWhere(principal) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, slug: true, description: true, _count: { select: { members: true, budgets: true } } },
  });
  if (projects.length === 0) return { thisMonth, lastMonth, projects: [] };
  const ids = projects.map((p) => p.id);
  const [spend, keyBudgets] = await Promise.all([
    db.$queryRaw<{ project_id: string; this_usd: string; last_usd: string; this_requests: bigint }[]>`
      SELECT project_id,
        coalesce(sum(cost_usd) FILTER (WHERE day >= ${thisMonth}::date), 0)::text AS this_usd,
        coalesce(sum(cost_usd) FILTER (WHERE day < ${thisMonth}::date), 0)::text AS last_usd,
        coalesce(sum(requests) FILTER (WHERE day >= ${thisMonth}::date), 0)::bigint AS this_requests
      FROM usage_rollup_daily
      WHERE org_id = ${principal.orgId} AND project_id = ANY(${ids}) AND day >= ${lastMonth}::date AND day <= ${today}::date
      GROUP BY project_id`,
    db.budget.findMany({ where: { orgId: principal.orgId, scope: "key", apiKey: { projectId: { in: ids } } }, select: { apiKey: { select: { projectId: true } } } }),
  ]);
  const byProject = new Map(spend.map((r) => [r.project_id, r]));
  const keyBudgetCount = new Map<string, number>();
  for (const b of keyBudgets) if (b.apiKey) keyBudgetCount.set(b.apiKey.projectId, (keyBudgetCount.get(b.apiKey.projectId) ?? 0) + 1);
  return {
    thisMonth,
    lastMonth,
    projects: projects.map((p) => {
      const s = byProject.get(p.id);
      return {
        id: p.id,
        name: p.name,
        slug: p.slug,
        description: p.description,
        costThisMonthUsd: toUsd9(s?.this_usd ?? "0"),
        costLastMonthUsd: toUsd9(s?.last_usd ?? "0"),
        requestsThisMonth: Number(s?.this_requests ?? 0n),
        budgets: p._count.budgets + (keyBudgetCount.get(p.id) ?? 0),
        members: p._count.members,
      };
    }),
  };
}

function toUsd9(text: string): string {
  const [whole, frac = ""] = text.split(".");
  return `${whole}.${frac.padEnd(9, "0").slice(0, 9)}`;
}
