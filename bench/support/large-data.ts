// The large benchmark data set's database: DATABASE_URL, or by default a
// local Postgres kept between runs (real Postgres, not the embedded one: 10
// million rows are a job for a server) in .data/large-postgres, or, as root,
// where the postgres user can reach it (resolve-large-cluster-dir.ts).
import path from "node:path";
import { createDbClient } from "../../lib/db/create-db-client";
import { migrateDatabase } from "../../lib/db/migrate-database";
import { seedLargeUsage } from "../../lib/demo/seed-large-usage";
import { startPostgres } from "../../tests/support/local-services";
import { LargeClusterDirError, resolveLargeClusterDir } from "./resolve-large-cluster-dir";

const CHECKOUT = path.resolve(import.meta.dirname, "../..");

export async function openLargeDatabase(checkoutRoot = CHECKOUT): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const dir = await resolveLargeClusterDir(checkoutRoot).catch((e: unknown) => exitWithOneLine(e));
  if (dir !== path.join(checkoutRoot, ".data", "large-postgres")) console.log(`[tollgate] large data set's Postgres cluster: ${dir} (the postgres user cannot enter the checkout)`);
  const pg = await startPostgres({ keepIn: dir });
  return { url: pg.url, stop: pg.stop };
}

function exitWithOneLine(error: unknown): never {
  if (!(error instanceof LargeClusterDirError)) throw error;
  console.error(`[tollgate] ${error.message}`);
  process.exit(1);
}

export async function seedLarge(url: string): Promise<{ orgId: string; inserted: number; created: boolean; seconds: number }> {
  await migrateDatabase(url);
  const db = createDbClient(url);
  const started = performance.now();
  let last = 0;
  try {
    const result = await seedLargeUsage(db, {
      events: Number(process.env.SEED_LARGE_EVENTS ?? 10_000_000),
      days: Number(process.env.SEED_LARGE_DAYS ?? 90),
      projects: Number(process.env.SEED_LARGE_PROJECTS ?? 50),
      now: new Date(),
      onProgress: (n) => {
        if (n - last >= 500_000) {
          last = n;
          console.log(`  ${n.toLocaleString("en-US")} events, ${Math.round(n / ((performance.now() - started) / 1000))}/s`);
        }
      },
    });
    if (result.created) await db.$executeRawUnsafe("VACUUM ANALYZE");
    return { ...result, seconds: Math.round((performance.now() - started) / 1000) };
  } finally {
    await db.$disconnect();
  }
}
