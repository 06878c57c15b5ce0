// The org's catalog as routing sees it (routing-catalog.ts), read from
// Postgres: what policies are validated against at save, and what "test a
// request" decides with. Deployments count when they and their provider
// are enabled, in the order the proxy tries them.
import type { DbClient } from "../db/create-db-client";
import { priceInEffect } from "../pricing/price-in-effect";
import { routingCatalog, type RoutingCatalog } from "./routing-catalog";

export async function loadRoutingCatalog(db: DbClient, orgId: string, now = new Date()): Promise<RoutingCatalog> {
  const models = await db.model.findMany({
    where: { orgId },
    select: {
      alias: true,
      contextWindow: true,
      isLocal: true,
      deployments: { where: { enabled: true, provider: { enabled: true } }, orderBy: { priority: "asc" }, select: { id: true } },
      prices: { orderBy: { effectiveFrom: "asc" }, select: { effectiveFrom: true } },
    },
  });
  return routingCatalog(
    models.map((m) => ({
      alias: m.alias,
      contextWindow: m.contextWindow,
      isLocal: m.isLocal,
      priced: priceInEffect(m.prices, now) !== undefined,
      deploymentIds: m.deployments.map((d) => d.id),
    })),
  );
}
