// All price versions of an org's models, for pricing many events at once
// (seeding, re-pricing). The proxy will keep the same table in memory.
import type { DbClient } from "../db/create-db-client";
import type { PriceRates } from "./price-request";
import type { Tier } from "./tier-for-price";

export interface PricedModel {
  modelId: string;
  alias: string;
  tier: Tier;
  // Sorted by effectiveFrom ascending.
  versions: (PriceRates & { id: string; effectiveFrom: Date })[];
}

export async function loadPriceTable(db: DbClient, orgId: string): Promise<Map<string, PricedModel>> {
  const models = await db.model.findMany({
    where: { orgId },
    select: {
      id: true, alias: true, tier: true, tierOverride: true,
      prices: { orderBy: { effectiveFrom: "asc" }, select: { id: true, effectiveFrom: true, inputPerMTok: true, cachedInputPerMTok: true, cacheWritePerMTok: true, outputPerMTok: true, reasoningPerMTok: true } },
    },
  });
  const str = (d: { toString(): string } | null) => (d === null ? null : d.toString());
  return new Map(
    models.map((m) => [
      m.alias,
      {
        modelId: m.id,
        alias: m.alias,
        tier: m.tierOverride ?? m.tier,
        versions: m.prices.map((p) => ({
          id: p.id,
          effectiveFrom: p.effectiveFrom,
          inputPerMTok: p.inputPerMTok.toString(),
          cachedInputPerMTok: str(p.cachedInputPerMTok),
          cacheWritePerMTok: str(p.cacheWritePerMTok),
          outputPerMTok: p.outputPerMTok.toString(),
          reasoningPerMTok: str(p.reasoningPerMTok),
        })),
      },
    ]),
  );
}
