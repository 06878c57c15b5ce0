// Each org's compiled routing (its policies against its catalog), per proxy
// process: built once from Postgres and the model catalog, then reused until
// a policy or the catalog changes (pub/sub) or the entry expires. An org
// without policies compiles to an empty list: its requests go to the model
// asked for, after the same fitness checks.
import type { DbClient } from "../db/create-db-client";
import { priceInEffect } from "../pricing/price-in-effect";
import { compilePolicies, type CompiledRouting } from "../routing/compile-policies";
import { loadRoutingPolicies } from "../routing/load-routing-policies";
import { routingCatalog, type RoutingCatalog } from "../routing/routing-catalog";
import type { ModelCatalog, OrgCatalog } from "./model-catalog";
import { PerOrgCache } from "./per-org-cache";

export class RoutingCache extends PerOrgCache<CompiledRouting> {
  constructor(db: DbClient, catalog: ModelCatalog, ttlMs = 30_000) {
    super(async (orgId) => {
      const [policies, models] = await Promise.all([loadRoutingPolicies(db, orgId), catalog.get(orgId)]);
      return compilePolicies(policies, routingCatalogOf(models));
    }, ttlMs);
  }
}

/** The proxy's catalog as routing sees it (lib/routing/routing-catalog.ts). */
export function routingCatalogOf(models: OrgCatalog, now = new Date()): RoutingCatalog {
  return routingCatalog(
    [...models.values()].map((m) => ({
      alias: m.alias,
      contextWindow: m.contextWindow,
      isLocal: m.isLocal,
      priced: priceInEffect(m.prices, now) !== undefined,
      deploymentIds: m.deployments.map((d) => d.id),
    })),
  );
}
