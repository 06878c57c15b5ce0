// What every dashboard view is filtered by, parsed from the URL (pages) or the
// query string (API): a range of org-local days, project, tier, model and tag.
// Engineers and viewers are confined to their own projects here, once, so no
// dashboard query can forget it.
import { z } from "zod";
import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, format, parseISO } from "date-fns";
import { Prisma } from "../generated/prisma/client";
import { ORG_WIDE_ROLES, type Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { listProjects } from "../projects/list-projects";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-01").refine((d) => !Number.isNaN(parseISO(d).getTime()), "is not a calendar date");

export const MAX_RANGE_DAYS = 366;
export const TIERS = ["premium", "mid", "economy", "unknown"] as const;

export const dashboardFilterSchema = z.object({
  from: day.optional().describe("First org-local day (inclusive); default 29 days before `to`"),
  to: day.optional().describe("Last org-local day (inclusive); default today"),
  project: z.string().max(64).optional().describe("Project id"),
  tier: z.enum(TIERS).optional(),
  model: z.string().max(200).optional().describe("Served model"),
  tag: z.string().max(200).optional(),
});
export type DashboardFilter = z.infer<typeof dashboardFilterSchema>;

export interface DashboardScope {
  orgId: string;
  timezone: string;
  from: string;
  to: string;
  days: number;
  /** The period of equal length just before, for comparisons. */
  previousFrom: string;
  previousTo: string;
  filter: DashboardFilter;
  /** Null when the principal sees every project in the org. */
  visibleProjectIds: string[] | null;
}

export async function resolveDashboardScope(db: DbClient, principal: Principal, filter: DashboardFilter, now = new Date()): Promise<DashboardScope> {
  const org = await db.org.findUniqueOrThrow({ where: { id: principal.orgId }, select: { timezone: true } });
  const today = format(new TZDate(now.getTime(), org.timezone), "yyyy-MM-dd");
  const to = filter.to ?? today;
  const from = filter.from ?? format(addDays(parseISO(to), -29), "yyyy-MM-dd");
  const days = differenceInCalendarDays(parseISO(to), parseISO(from)) + 1;
  if (days < 1) throw new AppError("bad_request", "`from` must not be after `to`");
  if (days > MAX_RANGE_DAYS) throw new AppError("bad_request", `A range covers at most ${MAX_RANGE_DAYS} days`);
  if (filter.project) await findAccessibleProject(db, principal, filter.project);
  const visibleProjectIds = ORG_WIDE_ROLES.includes(principal.role) ? null : (await listProjects(db, principal)).map((p) => p.id);
  return {
    orgId: principal.orgId,
    timezone: org.timezone,
    from,
    to,
    days,
    previousFrom: format(addDays(parseISO(from), -days), "yyyy-MM-dd"),
    previousTo: format(addDays(parseISO(from), -1), "yyyy-MM-dd"),
    filter,
    visibleProjectIds,
  };
}

/**
 * The daily rollup to read and its WHERE clause for the scope's filters
 * between two days. A tag filter switches to the per-tag rollup, which has
 * the same dimensions plus the tag. Columns are qualified with `r.`: read
 * the table `AS r`.
 */
export function dailyRollupWhere(scope: DashboardScope, from: string, to: string, options: { forTags?: boolean } = {}): { table: Prisma.Sql; where: Prisma.Sql } {
  const f = scope.filter;
  const tagTable = options.forTags || f.tag !== undefined;
  const parts: Prisma.Sql[] = [Prisma.sql`r.org_id = ${scope.orgId}`, Prisma.sql`r.day BETWEEN ${from}::date AND ${to}::date`];
  if (f.project) parts.push(Prisma.sql`r.project_id = ${f.project}`);
  else if (scope.visibleProjectIds) parts.push(Prisma.sql`r.project_id = ANY(${scope.visibleProjectIds}::text[])`);
  if (f.tier) parts.push(Prisma.sql`r.tier = ${f.tier}`);
  if (f.model) parts.push(Prisma.sql`r.model = ${f.model}`);
  if (f.tag) parts.push(Prisma.sql`r.tag = ${f.tag}`);
  return {
    table: tagTable ? Prisma.raw("usage_rollup_tag_daily") : Prisma.raw("usage_rollup_daily"),
    where: Prisma.join(parts, " AND "),
  };
}
