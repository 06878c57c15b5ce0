import { z } from "zod";
import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { createApiKey } from "./create-api-key";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.iso.datetime({ offset: true }).optional().refine((v) => !v || new Date(v) > new Date(), "must be in the future"),
});

/** Creates a key in one of the principal's org's projects; the secret is returned once. */
export async function createProjectApiKey(db: DbClient, principal: Principal, projectId: string, input: z.infer<typeof createApiKeySchema>, requestId?: string) {
  await findAccessibleProject(db, principal, projectId);
  const key = await createApiKey(db, { projectId, name: input.name, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null, createdById: principal.userId });
  await recordAudit(db, principal, { action: "api_key.create", entityType: "api_key", entityId: key.id, after: { name: key.name, prefix: key.prefix, projectId }, requestId });
  return { id: key.id, name: key.name, prefix: key.prefix, key: key.secret };
}
