// Applies prisma/migrations/*/migration.sql exactly as `prisma migrate deploy`
// would (same _prisma_migrations bookkeeping), through the WebAssembly engine.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { openSchemaEngine } from "./schema-engine";

export const PRISMA_DIR = path.resolve(import.meta.dirname, "../../prisma");
const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

export async function loadMigrationList() {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8")
          .then((ok) => ({ tag: "ok" as const, value: ok }))
          .catch((err: Error) => ({ tag: "error" as const, value: err.message })),
      },
    })),
  );
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export async function readSchema() {
  return { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, "utf8") };
}

/** Returns the names of the migrations it applied (empty when up to date). */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const handle = await openSchemaEngine(databaseUrl, await readSchema());
  try {
    const migrationsList = await loadMigrationList();
    const out = await handle.engine.applyMigrations({
      migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    return out.appliedMigrationNames;
  } finally {
    await handle.close();
  }
}
