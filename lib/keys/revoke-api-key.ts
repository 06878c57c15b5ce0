import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { KEY_EVENTS_CHANNEL } from "../proxy/api-key-cache";

/** Revokes a key and tells every proxy instance to drop it from its cache. */
export async function revokeApiKey(db: DbClient, redis: Redis, principal: Principal, keyId: string, requestId?: string) {
  const key = await db.apiKey.findFirst({
    where: { id: keyId, project: { orgId: principal.orgId } },
    select: { id: true, projectId: true, hashedKey: true, prefix: true, revokedAt: true },
  });
  if (!key) throw new AppError("not_found", "No such API key");
  await findAccessibleProject(db, principal, key.projectId);
  if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
  const revoked = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
    await recordAudit(tx, principal, { action: "api_key.revoke", entityType: "api_key", entityId: key.id, before: { revokedAt: null }, after: { revokedAt: row.revokedAt!.toISOString(), prefix: key.prefix }, requestId });
    return row;
  });
  await redis.publish(KEY_EVENTS_CHANNEL, key.hashedKey);
  return revoked;
}
