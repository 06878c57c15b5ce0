// npm run db:migrate: applies pending migrations to DATABASE_URL (or the
// running embedded Postgres), recording them as `prisma migrate deploy` does.
import { migrateDatabase } from "../lib/db/migrate-database";
import { resolveDatabaseUrl } from "../lib/db/resolve-database-url";
import { exitOnEnvError } from "../lib/env/parse-env";

const url = await resolveDatabaseUrl(process.env).catch((e: unknown) => exitOnEnvError(e, "db:migrate"));
const applied = await migrateDatabase(url);
console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
