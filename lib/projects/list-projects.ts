import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";

const SEES_ALL_PROJECTS = new Set(["owner", "admin", "finance"]);

/** Projects the principal may see: all in the org for owner/admin/finance, memberships otherwise. */
export async function listProjects(db: DbClient, principal: Principal) {
  const memberOnly = !SEES_ALL_PROJECTS.has(principal.role) && principal.userId;
  return db.project.findMany({
    where: { orgId: principal.orgId, archivedAt: null, ...(memberOnly ? { members: { some: { userId: principal.userId! } } } : {}) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, slug: true, description: true, createdAt: true },
  });
}
