// The org's catalog as the simulator reads it (every model with all its
// price versions, whether it is local, and who serves it) and the ids of its
// benchmark suites: what checkScenarioAgainstCatalog needs before a scenario
// is saved or run.
//
// Provider: the vendor of the provider behind the model's first deployment
// (enabled ones first, then by priority), since cached input carries over
// only within one vendor. A model without a deployment has no known vendor:
// it gets one of its own ("unknown:<alias>"), so nothing is assumed cached
// across to or from it.
import type { DbClient } from "@/lib/db/create-db-client";
import { priceVersionSelect, toPriceVersion } from "@/lib/pricing/price-version-rows";
import type { CatalogModel, WhatIfCatalog } from "../whatif-inputs";

export interface WhatIfCatalogData {
  catalog: WhatIfCatalog;
  suiteIds: ReadonlySet<string>;
}

export async function loadWhatIfCatalog(db: DbClient, orgId: string): Promise<WhatIfCatalogData> {
  const [models, suites] = await Promise.all([
    db.model.findMany({
      where: { orgId },
      select: {
        alias: true, tier: true, tierOverride: true, isLocal: true,
        prices: { orderBy: { effectiveFrom: "asc" }, select: priceVersionSelect },
        deployments: { orderBy: [{ priority: "asc" }, { createdAt: "asc" }], select: { enabled: true, provider: { select: { vendor: true, enabled: true } } } },
      },
    }),
    db.benchmarkSuite.findMany({ where: { orgId }, select: { id: true } }),
  ]);
  const catalog = new Map<string, CatalogModel>(
    models.map((m) => {
      const serving = m.deployments.find((d) => d.enabled && d.provider.enabled) ?? m.deployments[0];
      return [m.alias, { alias: m.alias, provider: serving?.provider.vendor ?? `unknown:${m.alias}`, isLocal: m.isLocal, tier: m.tierOverride ?? m.tier, versions: m.prices.map(toPriceVersion) }];
    }),
  );
  return { catalog, suiteIds: new Set(suites.map((s) => s.id)) };
}
