import type { Redis } from "ioredis";
import { CATALOG_EVENTS_CHANNEL } from "../proxy/model-catalog";

/** Tells every proxy instance to reload this org's models, deployments, providers and prices. */
export async function publishCatalogChange(redis: Redis, orgId: string): Promise<void> {
  await redis.publish(CATALOG_EVENTS_CHANNEL, orgId);
}
