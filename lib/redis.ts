// The process's shared Redis connection (publishing, commands). Blocking
// readers (BullMQ workers, the usage stream) open their own.
import type { Redis } from "ioredis";
import { loadRedisEnv } from "./env/redis-env";
import { createRedis } from "./redis/create-redis";

const holder = globalThis as unknown as { tollgateRedis?: Redis };

export function getRedis(): Redis {
  holder.tollgateRedis ??= createRedis(loadRedisEnv().REDIS_URL);
  return holder.tollgateRedis;
}
