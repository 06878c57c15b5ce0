import { getDb } from "../db";
import { loadRedisEnv } from "../env/redis-env";
import { pingRedis } from "../redis/create-redis";

export async function checkHealth(): Promise<{ ok: boolean; postgres: boolean; redis: boolean }> {
  const [postgres, redis] = await Promise.all([
    getDb().$queryRaw`SELECT 1`.then(() => true, () => false),
    pingRedis(loadRedisEnv().REDIS_URL, 1000).then(() => true, () => false),
  ]);
  return { ok: postgres && redis, postgres, redis };
}
