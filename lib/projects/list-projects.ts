import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { projectAccessWhere } from "./project-access";

/** Projects the principal may see: all in the org for owner/admin/finance, memberships otherwise. */
export async function listProjects(db: DbClient, principal: Principal) {
  return db.project.findMany({
    where: { orgId: principal.orgId, archivedAt: null, ...projectAccessWhere(principal) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, slug: true, description: true, createdAt: true },
  });
}
