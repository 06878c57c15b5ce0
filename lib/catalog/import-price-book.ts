// Imports a price book: creates missing models, adds or corrects price
// versions by effectiveFrom, and re-derives tiers. One transaction; audited.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { tierForPrice } from "../pricing/tier-for-price";
import type { PriceBook } from "./price-book-schema";
import { publishCatalogChange } from "./publish-catalog-change";
import { refreshModelTier } from "./refresh-model-tier";

export async function importPriceBook(db: DbClient, redis: Redis, principal: Principal, book: PriceBook, requestId?: string) {
  const summary = await db.$transaction(
    async (tx) => {
      const written = await writePriceBookModels(tx, principal.orgId, book.models);
      await recordAudit(tx, principal, { action: "price_book.import", entityType: "price_book", after: { models: book.models.length, ...written }, requestId });
      return written;
    },
    { timeout: 60_000 },
  );
  await publishCatalogChange(redis, principal.orgId);
  return summary;
}

/** The writes of an import inside the caller's transaction (models created or updated, versions upserted, tiers re-derived); the caller audits and publishes. */
export async function writePriceBookModels(tx: Prisma.TransactionClient, orgId: string, models: PriceBook["models"]) {
  const summary = { modelsCreated: 0, pricesWritten: 0 };
  for (const entry of models) {
    const latest = entry.prices.at(-1);
    let model = await tx.model.findUnique({ where: { orgId_alias: { orgId, alias: entry.alias } }, select: { id: true } });
    if (!model) {
      model = await tx.model.create({
        data: { orgId, alias: entry.alias, displayName: entry.displayName, tierOverride: entry.tierOverride, tier: latest ? tierForPrice(latest.input, latest.output) : "economy" },
        select: { id: true },
      });
      summary.modelsCreated++;
    } else {
      await tx.model.update({ where: { id: model.id }, data: { tierOverride: entry.tierOverride, ...(entry.displayName ? { displayName: entry.displayName } : {}) } });
    }
    for (const p of entry.prices) {
      const values = { inputPerMTok: p.input, cachedInputPerMTok: p.cachedInput, cacheWritePerMTok: p.cacheWrite, outputPerMTok: p.output, reasoningPerMTok: p.reasoning, source: p.source };
      const effectiveFrom = new Date(p.effectiveFrom);
      await tx.modelPrice.upsert({ where: { modelId_effectiveFrom: { modelId: model.id, effectiveFrom } }, create: { modelId: model.id, effectiveFrom, ...values }, update: values });
      summary.pricesWritten++;
    }
    await refreshModelTier(tx, model.id);
  }
  return summary;
}
