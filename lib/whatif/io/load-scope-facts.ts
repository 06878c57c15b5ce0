// What the catalog stores about models for a SCOPE comparison (scope-comparison.ts):
// context window, modalities, local or cloud, the serving provider's vendor
// (enabled deployments first, by priority, as the what-if catalog picks it),
// a local deployment's hourly cost, and the price in effect at `now`.
import type { DbClient } from "@/lib/db/create-db-client";
import { priceInEffect } from "@/lib/pricing/price-in-effect";
import { priceVersionSelect, toPriceVersion } from "@/lib/pricing/price-version-rows";
import type { ScopeModelFacts } from "../scope-comparison";

export async function loadScopeFacts(db: DbClient, orgId: string, aliases: readonly string[], now = new Date()): Promise<ScopeModelFacts[]> {
  if (aliases.length === 0) return [];
  const rows = await db.model.findMany({
    where: { orgId, alias: { in: [...new Set(aliases)] } },
    select: {
      alias: true, displayName: true, contextWindow: true, modalities: true, isLocal: true,
      prices: { orderBy: { effectiveFrom: "asc" }, select: priceVersionSelect },
      deployments: { orderBy: [{ priority: "asc" }, { createdAt: "asc" }], select: { enabled: true, hourlyCostUsd: true, provider: { select: { vendor: true, enabled: true } } } },
    },
  });
  const byAlias = new Map(rows.map((m) => {
    const serving = m.deployments.find((d) => d.enabled && d.provider.enabled) ?? m.deployments[0];
    const price = priceInEffect(m.prices.map(toPriceVersion), now);
    const facts: ScopeModelFacts = {
      alias: m.alias, displayName: m.displayName, contextWindow: m.contextWindow, modalities: m.modalities, isLocal: m.isLocal,
      provider: serving?.provider.vendor ?? null,
      hourlyCostUsd: serving?.hourlyCostUsd ? serving.hourlyCostUsd.toFixed() : null,
      price: price ? { inputPerMTok: price.inputPerMTok, cachedInputPerMTok: price.cachedInputPerMTok, outputPerMTok: price.outputPerMTok } : null,
    };
    return [m.alias, facts];
  }));
  // In the order asked; an alias the catalog no longer holds is left out.
  return aliases.flatMap((a) => (byAlias.has(a) ? [byAlias.get(a)!] : []));
}
