import type { DbClient } from "../db/create-db-client";
import type { PriceBook } from "./price-book-schema";

const str = (d: { toFixed(): string } | null) => (d === null ? null : d.toFixed());

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
      prices: m.prices.map((p) => ({
        effectiveFrom: p.effectiveFrom.toISOString(),
        input: p.inputPerMTok.toFixed(),
        cachedInput: str(p.cachedInputPerMTok),
        cacheWrite: str(p.cacheWritePerMTok),
        output: p.outputPerMTok.toFixed(),
        reasoning: str(p.reasoningPerMTok),
        source: p.source,
      })),
    })),
  };
}
