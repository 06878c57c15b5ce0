// The process's shared Redis connection (publishing, commands). Blocking
// readers (BullMQ workers, the usage stream) open their own. Checks a request
// waits on (sign-in limiting, session revocation) use the fail-fast one, so
// they answer within a second while Redis is down instead of hanging.
import type { Redis } from "ioredis";
import { loadRedisEnv } from "./env/redis-env";
import { createRedis, FAIL_FAST_REDIS_OPTIONS, whenReady } from "./redis/create-redis";

const holder = globalThis as unknown as { tollgateRedis?: Redis; tollgateAuthRedis?: Redis };

export function getRedis(): Redis {
  holder.tollgateRedis ??= createRedis(loadRedisEnv().REDIS_URL);
  return holder.tollgateRedis;
}

export function getFailFastRedis(): Promise<Redis> {
  if (!holder.tollgateAuthRedis) {
    holder.tollgateAuthRedis = createRedis(loadRedisEnv().REDIS_URL, FAIL_FAST_REDIS_OPTIONS);
    holder.tollgateAuthRedis.on("error", () => {}); // each caller reports its own failure
  }
  return whenReady(holder.tollgateAuthRedis);
}

/** Closes both connections (tests, shutdown). */
export function disconnectRedis(): void {
  holder.tollgateRedis?.disconnect();
  holder.tollgateAuthRedis?.disconnect();
  holder.tollgateRedis = holder.tollgateAuthRedis = undefined;
}
