// Models apps call (aliases), their deployments on providers, tiers and
// price versions.
import type { Redis } from "ioredis";
import { z } from "zod";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { PRICE_EDITORS, type Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";
import { priceInEffect } from "../pricing/price-in-effect";
import { priceVersionSelect, toPriceBookFields } from "../pricing/price-version-rows";
import { tierForPrice } from "../pricing/tier-for-price";
import type { CreateModelInput, UpdateModelInput } from "./model-schemas";
import type { priceVersionSchema } from "./price-book-schema";
import { publishCatalogChange } from "./publish-catalog-change";
import { refreshModelTier } from "./refresh-model-tier";

export { createModelSchema, updateModelSchema } from "./model-schemas";

export async function listModels(db: DbClient, principal: Principal) {
  const models = await db.model.findMany({
    where: { orgId: principal.orgId },
    orderBy: { alias: "asc" },
    select: {
      id: true, alias: true, displayName: true, contextWindow: true, tier: true, tierOverride: true, isLocal: true,
      prices: { orderBy: { effectiveFrom: "asc" }, select: { ...priceVersionSelect, source: true } },
      deployments: { select: { ...deploymentSelect, provider: { select: { id: true, name: true, kind: true } } } },
    },
  });
  const now = new Date();
  return models.map(({ prices, deployments, ...m }) => {
    const current = priceInEffect(prices, now);
    return {
      ...m,
      deployments: deployments.map(toPublicDeployment),
      effectiveTier: m.tierOverride ?? m.tier,
      currentPrice: current
        ? { id: current.id, effectiveFrom: current.effectiveFrom, ...toPriceBookFields(current) }
        : null,
      priceVersions: prices.length,
    };
  });
}

const deploymentSelect = { id: true, upstreamModel: true, priority: true, enabled: true, hourlyCostUsd: true, expectedUtilisation: true } as const;

/** Decimals as strings, as the API takes them. */
function toPublicDeployment<T extends { hourlyCostUsd: Prisma.Decimal | null; expectedUtilisation: Prisma.Decimal | null }>(d: T) {
  return { ...d, hourlyCostUsd: d.hourlyCostUsd?.toString() ?? null, expectedUtilisation: d.expectedUtilisation?.toString() ?? null };
}

export async function createModel(db: DbClient, redis: Redis, principal: Principal, input: CreateModelInput, requestId?: string) {
  // Prices, tiers and the context window (which caps what a request reserves) decide what a hard budget holds:
  // only the roles that may edit prices set them, here as everywhere. An engineer's model starts unpriced
  // (refused under a hard budget, never a downgrade target) and without a context window (the reservation
  // uses the default output ceiling) until finance sets them.
  assertMaySetBudgetFields(principal, input, false);
  const exists = await db.model.findUnique({ where: { orgId_alias: { orgId: principal.orgId, alias: input.alias } }, select: { id: true } });
  if (exists) throw new AppError("conflict", `A model with alias "${input.alias}" already exists`);
  const providers = await db.provider.findMany({ where: { orgId: principal.orgId, id: { in: input.deployments.map((d) => d.providerId) } }, select: { id: true, kind: true } });
  if (providers.length !== new Set(input.deployments.map((d) => d.providerId)).size) throw new AppError("validation_failed", "deployments.providerId: unknown provider");
  input.deployments.forEach((d, i) => {
    if (d.hourlyCostUsd != null && providers.find((p) => p.id === d.providerId)?.kind !== "local") throw hardwareOnCloud(i);
  });
  const model = await db.$transaction(async (tx) => {
    const created = await tx.model.create({
      data: {
        orgId: principal.orgId, alias: input.alias, displayName: input.displayName, contextWindow: input.contextWindow, tierOverride: input.tierOverride ?? null,
        tier: input.price ? tierForPrice(input.price.input, input.price.output) : "economy",
        isLocal: providers.every((p) => p.kind === "local"),
        deployments: {
          create: input.deployments.map((d) => ({ providerId: d.providerId, upstreamModel: d.upstreamModel, priority: d.priority, hourlyCostUsd: d.hourlyCostUsd ?? null, expectedUtilisation: d.expectedUtilisation ?? null })),
        },
        ...(input.price ? { prices: { create: priceData(input.price) } } : {}),
      },
      select: { id: true, alias: true },
    });
    await recordAudit(tx, principal, { action: "model.create", entityType: "model", entityId: created.id, after: input, requestId });
    return created;
  });
  await publishCatalogChange(redis, principal.orgId);
  return model;
}

export async function updateModel(db: DbClient, redis: Redis, principal: Principal, modelId: string, input: UpdateModelInput, requestId?: string) {
  assertMaySetBudgetFields(principal, input, true);
  const before = await db.model.findFirst({
    where: { id: modelId, orgId: principal.orgId },
    select: { id: true, displayName: true, tierOverride: true, contextWindow: true, deployments: { select: { id: true, hourlyCostUsd: true, expectedUtilisation: true, provider: { select: { kind: true } } } } },
  });
  if (!before) throw new AppError("not_found", "No such model");
  const { deployments: hardware = [], ...fields } = input;
  const changes = hardware.map((change, i) => {
    const current = before.deployments.find((d) => d.id === change.id);
    if (!current) throw new AppError("validation_failed", `deployments.${i}.id: not a deployment of this model`);
    const next = {
      hourlyCostUsd: change.hourlyCostUsd === undefined ? (current.hourlyCostUsd?.toString() ?? null) : change.hourlyCostUsd,
      expectedUtilisation: change.expectedUtilisation === undefined ? (current.expectedUtilisation?.toString() ?? null) : change.expectedUtilisation,
    };
    if (next.hourlyCostUsd !== null && current.provider.kind !== "local") throw hardwareOnCloud(i);
    if (next.expectedUtilisation !== null && next.hourlyCostUsd === null) throw new AppError("validation_failed", `deployments.${i}.expectedUtilisation: needs hourlyCostUsd (the utilisation divides the machine's hourly cost)`);
    return { id: change.id, ...next };
  });
  const { deployments: beforeDeployments, ...beforeModel } = before;
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.model.update({ where: { id: modelId }, data: fields, select: { id: true, alias: true, displayName: true, tier: true, tierOverride: true, contextWindow: true } });
    for (const { id, ...data } of changes) await tx.deployment.update({ where: { id }, data });
    const auditBefore = changes.length
      ? { ...beforeModel, deployments: beforeDeployments.filter((d) => changes.some((c) => c.id === d.id)).map(({ provider: _provider, ...d }) => toPublicDeployment(d)) }
      : beforeModel;
    await recordAudit(tx, principal, { action: "model.update", entityType: "model", entityId: modelId, before: auditBefore, after: changes.length ? { ...fields, deployments: changes } : fields, requestId });
    return row;
  });
  await publishCatalogChange(redis, principal.orgId);
  const deployments = changes.length
    ? (await db.deployment.findMany({ where: { modelId }, orderBy: { priority: "asc" }, select: deploymentSelect })).map(toPublicDeployment)
    : undefined;
  return { ...updated, effectiveTier: updated.tierOverride ?? updated.tier, ...(deployments ? { deployments } : {}) };
}

const hardwareOnCloud = (i: number) =>
  new AppError("validation_failed", `deployments.${i}.hourlyCostUsd: only deployments on a local provider are priced by hardware`);

export async function addModelPrice(db: DbClient, redis: Redis, principal: Principal, modelId: string, input: z.infer<typeof priceVersionSchema>, requestId?: string) {
  const model = await db.model.findFirst({ where: { id: modelId, orgId: principal.orgId }, select: { id: true } });
  if (!model) throw new AppError("not_found", "No such model");
  const effectiveFrom = new Date(input.effectiveFrom);
  const clash = await db.modelPrice.findUnique({ where: { modelId_effectiveFrom: { modelId, effectiveFrom } }, select: { id: true } });
  if (clash) throw new AppError("conflict", "A price version with this effectiveFrom already exists; import a price book to correct it");
  const price = await db.$transaction(async (tx) => {
    const row = await tx.modelPrice.create({ data: { modelId, ...priceData(input) }, select: { id: true, effectiveFrom: true } });
    await refreshModelTier(tx, modelId);
    await recordAudit(tx, principal, { action: "model_price.create", entityType: "model_price", entityId: row.id, after: { modelId, ...input }, requestId });
    return row;
  });
  await publishCatalogChange(redis, principal.orgId);
  return price;
}

/**
 * Price, tier, context window and a deployment's hardware pricing are set only by price editors (PRICE_EDITORS).
 * On create a null is the default (nothing set); on update it clears the field, which is a change.
 */
function assertMaySetBudgetFields(
  principal: Principal,
  input: { price?: unknown; tierOverride?: unknown; contextWindow?: unknown; deployments?: readonly { hourlyCostUsd?: unknown; expectedUtilisation?: unknown }[] },
  nullSets: boolean,
) {
  if (PRICE_EDITORS.includes(principal.role)) return;
  const isSet = (v: unknown) => v !== undefined && (nullSets || v !== null);
  const fields: string[] = (["price", "tierOverride", "contextWindow"] as const).filter((f) => isSet(input[f]));
  for (const f of ["hourlyCostUsd", "expectedUtilisation"] as const) if (input.deployments?.some((d) => isSet(d[f]))) fields.push(`deployments[].${f}`);
  if (fields.length) {
    throw new AppError("forbidden", `Your role (${principal.role}) cannot set ${fields.join(", ")}; leave ${fields.length > 1 ? "them" : "it"} out and ask one of: ${PRICE_EDITORS.join(", ")}`);
  }
}

function priceData(p: z.infer<typeof priceVersionSchema>) {
  return {
    effectiveFrom: new Date(p.effectiveFrom),
    inputPerMTok: p.input, cachedInputPerMTok: p.cachedInput, cacheWritePerMTok: p.cacheWrite, outputPerMTok: p.output, reasoningPerMTok: p.reasoning, source: p.source,
  };
}
