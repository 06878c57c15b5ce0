// Start-up check shared by web and worker: Postgres and Redis must answer,
// else one clear line naming the variable.
import pg from "pg";
import { EnvError } from "../env/parse-env";
import { pingRedis } from "../redis/create-redis";

export async function checkServicesReachable(env: { DATABASE_URL: string; REDIS_URL: string }): Promise<void> {
  await pingRedis(env.REDIS_URL).catch((e: Error) => {
    throw new EnvError(`REDIS_URL: Redis is not reachable at ${redactUrl(env.REDIS_URL)} (${e.message || "connection failed"})`);
  });
  await pingPostgres(env.DATABASE_URL).catch((e: Error) => {
    throw new EnvError(`DATABASE_URL: Postgres is not reachable at ${redactUrl(env.DATABASE_URL)} (${e.message || "connection failed"})`);
  });
}

async function pingPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
