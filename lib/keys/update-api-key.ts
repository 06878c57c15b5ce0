// Changes a key's fixed tags. Budgets, rate limits and routing rules match on
// tags, so the change is audited and every proxy instance drops the key from
// its cache at once (it is reloaded, with the new tags, on its next request).
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { KEY_EVENTS_CHANNEL } from "../proxy/api-key-cache";
import type { UpdateApiKeyInput } from "./api-key-schemas";
import { apiKeyFields } from "./list-api-keys";

export async function updateApiKey(db: DbClient, redis: Redis, principal: Principal, keyId: string, input: UpdateApiKeyInput, requestId?: string) {
  const key = await db.apiKey.findFirst({
    where: { id: keyId, project: { orgId: principal.orgId } },
    select: { ...apiKeyFields, hashedKey: true },
  });
  if (!key) throw new AppError("not_found", "No such API key");
  await findAccessibleProject(db, principal, key.projectId);
  const { hashedKey, ...before } = key;
  if (before.revokedAt) throw new AppError("conflict", "This API key has been revoked; its tags can no longer be changed");
  if (sameTags(before.fixedTags, input.fixedTags)) return before;
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.apiKey.update({ where: { id: key.id }, data: { fixedTags: input.fixedTags }, select: apiKeyFields });
    await recordAudit(tx, principal, { action: "api_key.update", entityType: "api_key", entityId: key.id, before: { fixedTags: before.fixedTags }, after: { fixedTags: row.fixedTags, prefix: row.prefix }, requestId });
    return row;
  });
  await redis.publish(KEY_EVENTS_CHANNEL, hashedKey);
  return updated;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
