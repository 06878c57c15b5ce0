import type { DbClient } from "../db/create-db-client";
import { ORG_WIDE_ROLES, type Principal } from "../auth/principal";

/** Projects the principal may see: all in the org for owner/admin/finance, memberships otherwise. */
export async function listProjects(db: DbClient, principal: Principal) {
  const memberOnly = !ORG_WIDE_ROLES.includes(principal.role) && principal.userId;
  return db.project.findMany({
    where: { orgId: principal.orgId, archivedAt: null, ...(memberOnly ? { members: { some: { userId: principal.userId! } } } : {}) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, slug: true, description: true, createdAt: true },
  });
}
