import { once } from "node:events";
import { Redis, type RedisOptions } from "ioredis";

// BullMQ needs maxRetriesPerRequest: null on the connections it blocks on.
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...options });
}

/**
 * For checks a request waits on that must answer at once, Redis up or not
 * (sign-in limiting, session revocation): no offline queue, no retries, a
 * short timeout. A command then fails within a second instead of waiting for
 * Redis to come back.
 */
export const FAIL_FAST_REDIS_OPTIONS = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000 } as const satisfies RedisOptions;

/** Waits (at most timeoutMs) for a connection that is still connecting; a fail-fast one refuses commands until then. */
export async function whenReady(redis: Redis, timeoutMs = FAIL_FAST_REDIS_OPTIONS.commandTimeout): Promise<Redis> {
  if (redis.status === "ready") return redis;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  await once(redis, "ready", { signal: abort.signal }).catch(() => {});
  clearTimeout(timer);
  return redis;
}

/** Resolves when Redis answers PING; rejects with a short reason otherwise. */
export async function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}
