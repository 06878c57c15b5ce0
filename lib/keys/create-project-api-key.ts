import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { findAccessibleProject } from "../projects/find-accessible-project";
import type { CreateApiKeyInput } from "./api-key-schemas";
import { createApiKey } from "./create-api-key";

/** Creates a key in one of the principal's org's projects; the secret is returned once. */
export async function createProjectApiKey(db: DbClient, principal: Principal, projectId: string, input: CreateApiKeyInput, requestId?: string) {
  await findAccessibleProject(db, principal, projectId);
  const key = await createApiKey(db, { projectId, name: input.name, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null, createdById: principal.userId, fixedTags: input.fixedTags });
  await recordAudit(db, principal, { action: "api_key.create", entityType: "api_key", entityId: key.id, after: { name: key.name, prefix: key.prefix, projectId, fixedTags: key.fixedTags }, requestId });
  return { id: key.id, name: key.name, prefix: key.prefix, fixedTags: key.fixedTags, key: key.secret };
}
