import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { findAccessibleProject } from "../projects/find-accessible-project";

/** What a key shows through the API and the keys page: never the hash. */
export const apiKeyFields = { id: true, projectId: true, name: true, prefix: true, fixedTags: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true } as const;

/** Keys of one project, by prefix; never the hash. */
export async function listApiKeys(db: DbClient, principal: Principal, projectId: string) {
  await findAccessibleProject(db, principal, projectId);
  return db.apiKey.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: apiKeyFields,
  });
}
