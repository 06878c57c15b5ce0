// Every proxy instance listens for key and catalog changes, so a revoked key
// stops working everywhere within a second (pub/sub delivery is immediate;
// after a reconnect, when a message may have been missed, all is dropped).
import type { Redis } from "ioredis";
import { KEY_EVENTS_CHANNEL, type ApiKeyCache } from "./api-key-cache";
import { LIMITS_EVENTS_CHANNEL, type LimitRulesCache } from "../limits/limit-rules";
import { CATALOG_EVENTS_CHANNEL, type ModelCatalog } from "./model-catalog";

export async function subscribeCacheInvalidation(subscriber: Redis, keys: ApiKeyCache, catalog: ModelCatalog, limits: LimitRulesCache): Promise<void> {
  let connectedOnce = false;
  subscriber.on("ready", () => {
    if (connectedOnce) {
      keys.invalidate();
      catalog.invalidate();
      limits.invalidate();
    }
    connectedOnce = true;
  });
  subscriber.on("message", (channel: string, message: string) => {
    if (channel === KEY_EVENTS_CHANNEL) keys.invalidate(message);
    if (channel === CATALOG_EVENTS_CHANNEL) catalog.invalidate(message);
    if (channel === LIMITS_EVENTS_CHANNEL) limits.invalidate(message);
  });
  await subscriber.subscribe(KEY_EVENTS_CHANNEL, CATALOG_EVENTS_CHANNEL, LIMITS_EVENTS_CHANNEL);
}
