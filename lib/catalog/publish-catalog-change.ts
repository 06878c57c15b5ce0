import type { Redis } from "ioredis";
import { getLogger } from "../log/logger";
import { CATALOG_EVENTS_CHANNEL } from "../proxy/model-catalog";
import { createResponseCacheStore } from "../routing/response-cache/response-cache-store";

/**
 * Tells every proxy instance to reload this org's models, deployments, providers and prices, and drops the
 * org's cached answers: an alias now served by another upstream model must not answer with the old one's.
 */
export async function publishCatalogChange(redis: Redis, orgId: string): Promise<void> {
  await redis.publish(CATALOG_EVENTS_CHANNEL, orgId);
  await createResponseCacheStore({ redis, log: getLogger() }).invalidateOrg(orgId);
}
