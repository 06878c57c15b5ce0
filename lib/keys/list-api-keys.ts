import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { findAccessibleProject } from "../projects/find-accessible-project";

/** Keys of one project, by prefix; never the hash. */
export async function listApiKeys(db: DbClient, principal: Principal, projectId: string) {
  await findAccessibleProject(db, principal, projectId);
  return db.apiKey.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true },
  });
}
