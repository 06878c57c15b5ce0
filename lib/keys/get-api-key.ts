import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { AppError } from "../http/app-error";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { apiKeyFields } from "./list-api-keys";

/** One key of a project the principal can see (else 404); never the hash. */
export async function getApiKey(db: DbClient, principal: Principal, keyId: string) {
  const key = await db.apiKey.findFirst({ where: { id: keyId, project: { orgId: principal.orgId } }, select: apiKeyFields });
  if (!key) throw new AppError("not_found", "No such API key");
  await findAccessibleProject(db, principal, key.projectId);
  return key;
}
