import { EnvError } from "../env/parse-env";
import { loadDataDir } from "../env/data-dir-env";
import { loadDatabaseEnv } from "../env/database-env";
import { findRunningEmbeddedPostgres } from "./embedded-postgres";

/** DATABASE_URL when set, else the embedded Postgres that `npm run up` is serving. */
export async function resolveDatabaseUrl(source: Record<string, string | undefined>): Promise<string> {
  if (source.DATABASE_URL?.trim()) return loadDatabaseEnv(source).DATABASE_URL;
  const embedded = await findRunningEmbeddedPostgres(loadDataDir(source));
  if (embedded) return embedded;
  throw new EnvError("DATABASE_URL: is not set and no embedded Postgres is running (start one with npm run up)");
}
