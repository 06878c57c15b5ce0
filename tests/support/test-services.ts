// Postgres and Redis for a test run: the ones the test command started
// (TEST_DATABASE_URL / TEST_REDIS_URL), or private ones started here.
import { startPostgres, startRedis, type LocalService } from "./local-services";

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  postgresVersion: string;
  redisVersion: string;
  stop: () => Promise<void>;
}

export async function acquireTestServices(): Promise<TestServices> {
  const own: LocalService[] = [];
  let databaseUrl = process.env.TEST_DATABASE_URL;
  let postgresVersion = process.env.TEST_POSTGRES_VERSION ?? "external";
  if (!databaseUrl) {
    const pg = await startPostgres();
    own.push(pg);
    databaseUrl = pg.url;
    postgresVersion = pg.version;
  }
  let redisUrl = process.env.TEST_REDIS_URL;
  let redisVersion = process.env.TEST_REDIS_VERSION ?? "external";
  if (!redisUrl) {
    const redis = await startRedis();
    own.push(redis);
    redisUrl = redis.url;
    redisVersion = redis.version;
  }
  return { databaseUrl, redisUrl, postgresVersion, redisVersion, stop: async () => void (await Promise.all(own.map((s) => s.stop()))) };
}
