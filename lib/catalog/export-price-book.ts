import type { DbClient } from "../db/create-db-client";
import { toPriceBookFields } from "../pricing/price-version-rows";
import type { PriceBook } from "./price-book-schema";

export async function exportPriceBook(db: DbClient, orgId: string): Promise<PriceBook> {
  const models = await db.model.findMany({
    where: { orgId },
    orderBy: { alias: "asc" },
    select: { alias: true, displayName: true, tierOverride: true, prices: { orderBy: { effectiveFrom: "asc" } } },
  });
  return {
    version: 1,
    currency: "USD",
    unit: "per_1m_tokens",
    models: models.map((m) => ({
      alias: m.alias,
      displayName: m.displayName,
      tierOverride: m.tierOverride,
      prices: m.prices.map((p) => ({ effectiveFrom: p.effectiveFrom.toISOString(), ...toPriceBookFields(p) })),
    })),
  };
}
