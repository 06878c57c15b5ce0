// npm run seed:large: the dashboard benchmark's data set (lib/demo/seed-large-usage.ts)
// in DATABASE_URL or the kept local Postgres (bench/support/large-data.ts). Idempotent.
// SEED_LARGE_EVENTS / SEED_LARGE_DAYS / SEED_LARGE_PROJECTS change the size.
import { openLargeDatabase, seedLarge } from "../bench/support/large-data";

const database = await openLargeDatabase();
try {
  const result = await seedLarge(database.url);
  console.log(result.created ? `seeded ${result.inserted.toLocaleString("en-US")} usage events in ${result.seconds} s` : "the large org is already seeded; nothing to do");
} finally {
  await database.stop();
}
