// Create, replace and delete budgets. Targets (project, key, channels) must
// belong to the caller's org; every proxy reloads the org's rules at once.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { publishLimitsChange } from "../limits/limit-rules";
import type { BudgetInput } from "./budget-schemas";

export const budgetFields = {
  id: true, name: true, scope: true, projectId: true, apiKeyId: true, tag: true, period: true, amountUsd: true, mode: true,
  thresholds: true, breachAction: true, downgradeToModel: true, downgradeToTier: true, throttleRpm: true, enabled: true,
  createdAt: true, updatedAt: true, channels: { select: { channelId: true } },
} as const;

export async function createBudget(db: DbClient, redis: Redis, principal: Principal, input: BudgetInput, requestId?: string) {
  const data = await checkTargets(db, principal.orgId, input);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.budget.create({ data: { orgId: principal.orgId, ...data, channels: { create: input.channelIds.map((channelId) => ({ channelId })) } }, select: budgetFields });
    await recordAudit(tx, principal, { action: "budget.create", entityType: "budget", entityId: created.id, after: created, requestId });
    return created;
  });
  await publishLimitsChange(redis, principal.orgId);
  return row;
}

export async function replaceBudget(db: DbClient, redis: Redis, principal: Principal, budgetId: string, input: BudgetInput, requestId?: string) {
  const before = await db.budget.findFirst({ where: { id: budgetId, orgId: principal.orgId }, select: budgetFields });
  if (!before) throw new AppError("not_found", "No such budget");
  const data = await checkTargets(db, principal.orgId, input);
  const row = await db.$transaction(async (tx) => {
    await tx.budgetChannel.deleteMany({ where: { budgetId } });
    const updated = await tx.budget.update({ where: { id: budgetId }, data: { ...data, channels: { create: input.channelIds.map((channelId) => ({ channelId })) } }, select: budgetFields });
    await recordAudit(tx, principal, { action: "budget.update", entityType: "budget", entityId: budgetId, before, after: updated, requestId });
    return updated;
  });
  await publishLimitsChange(redis, principal.orgId);
  return row;
}

export async function deleteBudget(db: DbClient, redis: Redis, principal: Principal, budgetId: string, requestId?: string) {
  const before = await db.budget.findFirst({ where: { id: budgetId, orgId: principal.orgId }, select: budgetFields });
  if (!before) throw new AppError("not_found", "No such budget");
  await db.$transaction(async (tx) => {
    await tx.budget.delete({ where: { id: budgetId } });
    await recordAudit(tx, principal, { action: "budget.delete", entityType: "budget", entityId: budgetId, before, requestId });
  });
  await publishLimitsChange(redis, principal.orgId);
  return { id: budgetId, deleted: true };
}

/** A downgrade target must exist and have a price in effect (an unpriced model's spend cannot be held). */
async function checkDowngradeModel(db: DbClient, orgId: string, alias: string) {
  const model = await db.model.findFirst({ where: { orgId, alias }, select: { prices: { where: { effectiveFrom: { lte: new Date() } }, select: { id: true }, take: 1 } } });
  if (!model) throw new AppError("validation_failed", `downgradeToModel: no model '${alias}' in this org`);
  if (model.prices.length === 0) throw new AppError("validation_failed", `downgradeToModel: '${alias}' has no price in effect; price it first (a downgrade target must be priced)`);
}

async function checkTargets(db: DbClient, orgId: string, input: BudgetInput) {
  const projectId = input.scope === "project" ? input.projectId! : null;
  const apiKeyId = input.scope === "key" ? input.apiKeyId! : null;
  if (projectId && !(await db.project.findFirst({ where: { id: projectId, orgId }, select: { id: true } }))) throw new AppError("validation_failed", "projectId: no such project in this org");
  if (apiKeyId && !(await db.apiKey.findFirst({ where: { id: apiKeyId, project: { orgId } }, select: { id: true } }))) throw new AppError("validation_failed", "apiKeyId: no such key in this org");
  if (input.breachAction === "downgrade" && input.downgradeToModel) await checkDowngradeModel(db, orgId, input.downgradeToModel);
  const channels = await db.notificationChannel.count({ where: { orgId, id: { in: input.channelIds } } });
  if (channels !== new Set(input.channelIds).size) throw new AppError("validation_failed", "channelIds: unknown notification channel");
  return {
    name: input.name, scope: input.scope, projectId, apiKeyId, tag: input.scope === "tag" ? input.tag! : null,
    period: input.period, amountUsd: input.amountUsd, mode: input.mode, thresholds: [...new Set(input.thresholds)].sort((a, b) => a - b),
    breachAction: input.breachAction,
    downgradeToModel: input.breachAction === "downgrade" ? (input.downgradeToModel ?? null) : null,
    downgradeToTier: input.breachAction === "downgrade" && !input.downgradeToModel ? (input.downgradeToTier ?? null) : null,
    throttleRpm: input.breachAction === "throttle" ? (input.throttleRpm ?? null) : null,
    enabled: input.enabled,
  };
}
