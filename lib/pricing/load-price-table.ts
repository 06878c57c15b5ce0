// All price versions of an org's models, for pricing many events at once
// (seeding, re-pricing). The proxy will keep the same table in memory.
import type { DbClient } from "../db/create-db-client";
import { priceVersionSelect, toPriceVersion, type PriceVersion } from "./price-version-rows";
import type { Tier } from "./tier-for-price";

export interface PricedModel {
  modelId: string;
  alias: string;
  tier: Tier;
  // Sorted by effectiveFrom ascending.
  versions: PriceVersion[];
}

export async function loadPriceTable(db: DbClient, orgId: string): Promise<Map<string, PricedModel>> {
  const models = await db.model.findMany({
    where: { orgId },
    select: {
      id: true, alias: true, tier: true, tierOverride: true,
      prices: { orderBy: { effectiveFrom: "asc" }, select: priceVersionSelect },
    },
  });
  return new Map(
    models.map((m) => [
      m.alias,
      {
        modelId: m.id,
        alias: m.alias,
        tier: m.tierOverride ?? m.tier,
        versions: m.prices.map(toPriceVersion),
      },
    ]),
  );
}
