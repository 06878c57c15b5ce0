// Every proxy instance listens for key, catalog, limit and routing changes,
// so a revoked key stops working everywhere within a second (pub/sub
// delivery is immediate; after a reconnect, when a message may have been
// missed, all is dropped). A catalog change rebuilds routing too: the
// compiled form is per policies and catalog. Cool-downs other instances
// announce arrive here as well.
import type { Redis } from "ioredis";
import { KEY_EVENTS_CHANNEL, type ApiKeyCache } from "./api-key-cache";
import { LIMITS_EVENTS_CHANNEL, type LimitRulesCache } from "../limits/limit-rules";
import { ROUTING_EVENTS_CHANNEL } from "../routing/publish-routing-change";
import { COOLDOWN_EVENTS_CHANNEL, type DeploymentCooldowns } from "./deployment-cooldowns";
import { CATALOG_EVENTS_CHANNEL, type ModelCatalog } from "./model-catalog";
import type { RoutingCache } from "./routing-cache";
import type { ResponseCacheStore } from "../routing/response-cache/response-cache-store";

export interface InvalidatedCaches {
  keys: ApiKeyCache;
  catalog: ModelCatalog;
  limits: LimitRulesCache;
  routing: RoutingCache;
  cooldowns: DeploymentCooldowns;
  /** Only its entries held in this process's memory: the instance that changed the catalog drops Redis's. */
  responseCache: Pick<ResponseCacheStore, "forgetOrgInMemory" | "forgetAllInMemory">;
}

export async function subscribeCacheInvalidation(subscriber: Redis, caches: InvalidatedCaches): Promise<void> {
  const { keys, catalog, limits, routing, cooldowns, responseCache } = caches;
  let connectedOnce = false;
  subscriber.on("ready", () => {
    if (connectedOnce) {
      keys.invalidate();
      catalog.invalidate();
      limits.invalidate();
      routing.invalidate();
      responseCache.forgetAllInMemory();
    }
    connectedOnce = true;
  });
  subscriber.on("message", (channel: string, message: string) => {
    if (channel === KEY_EVENTS_CHANNEL) keys.invalidate(message);
    if (channel === CATALOG_EVENTS_CHANNEL) {
      catalog.invalidate(message);
      routing.invalidate(message);
      responseCache.forgetOrgInMemory(message);
    }
    if (channel === LIMITS_EVENTS_CHANNEL) limits.invalidate(message);
    if (channel === ROUTING_EVENTS_CHANNEL) routing.invalidate(message);
    if (channel === COOLDOWN_EVENTS_CHANNEL) cooldowns.receive(message);
  });
  await subscriber.subscribe(KEY_EVENTS_CHANNEL, CATALOG_EVENTS_CHANNEL, LIMITS_EVENTS_CHANNEL, ROUTING_EVENTS_CHANNEL, COOLDOWN_EVENTS_CHANNEL);
}
