// Whose traffic a scenario reads, and who may see it. Owners, admins and
// finance see every project, so their scenarios read the whole org.
// Engineers and viewers see only their projects (lib/projects/project-access.ts),
// so a scenario one of them creates reads only the projects they saw then,
// and a confined principal sees a scenario only when it reads nothing but
// projects they see now: a result never shows spend its reader could not
// see on the dashboards.
import { ORG_WIDE_ROLES, type Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";
import { listProjects } from "@/lib/projects/list-projects";

export type ScenarioScope = { orgWide: true; projectIds: [] } | { orgWide: false; projectIds: string[] };

export async function principalScope(db: DbClient, principal: Principal): Promise<ScenarioScope> {
  if (ORG_WIDE_ROLES.includes(principal.role)) return { orgWide: true, projectIds: [] };
  return { orgWide: false, projectIds: (await listProjects(db, principal)).map((p) => p.id).sort() };
}

/** Whether a principal with `viewer` scope may see a scenario reading `scenario`. */
export function scopeCovers(viewer: ScenarioScope, scenario: { orgWide: boolean; projectIds: readonly string[] }): boolean {
  if (viewer.orgWide) return true;
  if (scenario.orgWide) return false;
  const visible = new Set(viewer.projectIds);
  return scenario.projectIds.every((id) => visible.has(id));
}
