// npm run db:seed: seeds the demo org into DATABASE_URL (or the running
// embedded Postgres) once; `npm run up` does this by itself.
import { createDbClient } from "../lib/db/create-db-client";
import { resolveDatabaseUrl } from "../lib/db/resolve-database-url";
import { seedDemo } from "../lib/demo/seed-demo";
import { exitOnEnvError } from "../lib/env/parse-env";
import { loadUpEnv } from "../lib/env/up-env";

const env = (() => {
  try {
    return loadUpEnv();
  } catch (e) {
    return exitOnEnvError(e, "db:seed");
  }
})();
const db = createDbClient(await resolveDatabaseUrl(process.env).catch((e: unknown) => exitOnEnvError(e, "db:seed")), { poolSize: 2 });
const result = await seedDemo(db, { ownerEmail: env.TOLLGATE_ADMIN_EMAIL, ownerPassword: env.TOLLGATE_ADMIN_PASSWORD });
await db.$disconnect();
if (!result.created) {
  console.log("the demo org already exists: nothing to do");
} else {
  console.log(`seeded ${result.usageEvents} usage events; owner ${result.ownerEmail}${result.ownerPassword ? ` / ${result.ownerPassword}` : ""}`);
  if (result.demoApiKey) console.log(`demo API key (shown once): ${result.demoApiKey}`);
}
