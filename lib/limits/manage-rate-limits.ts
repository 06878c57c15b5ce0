// Rate-limit policies: requests per minute, tokens per minute and
// concurrent requests for a key, a project or a model. Every proxy reloads
// the org's rules on change.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { publishLimitsChange } from "./limit-rules";
import type { RateLimitInput } from "./rate-limit-schemas";

export { rateLimitInputSchema } from "./rate-limit-schemas";

const fields = { id: true, scope: true, apiKeyId: true, projectId: true, modelAlias: true, requestsPerMin: true, tokensPerMin: true, maxConcurrent: true, enabled: true, createdAt: true } as const;

export async function listRateLimits(db: DbClient, principal: Principal) {
  return db.rateLimitPolicy.findMany({ where: { orgId: principal.orgId }, orderBy: { createdAt: "asc" }, select: { ...fields, apiKey: { select: { name: true } }, project: { select: { name: true } } } });
}

export async function createRateLimit(db: DbClient, redis: Redis, principal: Principal, input: RateLimitInput, requestId?: string) {
  const orgId = principal.orgId;
  const data = {
    orgId, scope: input.scope,
    apiKeyId: input.scope === "key" ? input.apiKeyId! : null,
    projectId: input.scope === "project" ? input.projectId! : null,
    modelAlias: input.scope === "model" ? input.modelAlias! : null,
    requestsPerMin: input.requestsPerMin ?? null, tokensPerMin: input.tokensPerMin ?? null, maxConcurrent: input.maxConcurrent ?? null,
  };
  if (data.apiKeyId && !(await db.apiKey.findFirst({ where: { id: data.apiKeyId, project: { orgId } } }))) throw new AppError("validation_failed", "apiKeyId: no such key in this org");
  if (data.projectId && !(await db.project.findFirst({ where: { id: data.projectId, orgId } }))) throw new AppError("validation_failed", "projectId: no such project in this org");
  if (data.modelAlias && !(await db.model.findFirst({ where: { alias: data.modelAlias, orgId } }))) throw new AppError("validation_failed", `modelAlias: no model '${data.modelAlias}' in this org`);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.rateLimitPolicy.create({ data, select: fields });
    await recordAudit(tx, principal, { action: "rate_limit.create", entityType: "rate_limit_policy", entityId: created.id, after: created, requestId });
    return created;
  });
  await publishLimitsChange(redis, orgId);
  return row;
}

export async function deleteRateLimit(db: DbClient, redis: Redis, principal: Principal, policyId: string, requestId?: string) {
  const before = await db.rateLimitPolicy.findFirst({ where: { id: policyId, orgId: principal.orgId }, select: fields });
  if (!before) throw new AppError("not_found", "No such rate limit");
  await db.$transaction(async (tx) => {
    await tx.rateLimitPolicy.delete({ where: { id: policyId } });
    await recordAudit(tx, principal, { action: "rate_limit.delete", entityType: "rate_limit_policy", entityId: policyId, before, requestId });
  });
  await publishLimitsChange(redis, principal.orgId);
  return { id: policyId, deleted: true };
}
