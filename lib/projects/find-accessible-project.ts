import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { projectAccessWhere } from "./project-access";
import { AppError } from "../http/app-error";

/** The project if it is in the principal's org and (for engineers and viewers) they are a member; else 404. */
export async function findAccessibleProject(db: DbClient, principal: Principal, projectId: string): Promise<{ id: string; name: string; description: string | null }> {
  const project = await db.project.findFirst({
    where: { AND: [{ id: projectId, orgId: principal.orgId, archivedAt: null }, projectAccessWhere(principal)] },
    select: { id: true, name: true, description: true },
  });
  if (!project) throw new AppError("not_found", "No such project");
  return project;
}
