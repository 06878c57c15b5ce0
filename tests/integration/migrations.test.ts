import { afterAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { loadMigrationList, migrateDatabase, readSchema } from "../../lib/db/migrate-database";
import { openSchemaEngine } from "../../lib/db/schema-engine";
import { adminQuery, withDatabase } from "../support/test-database";

const server = inject("databaseServerUrl");
const name = `tollgate_migrate_${process.pid}`;
const url = withDatabase(server, name);

afterAll(() => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe("migrations through the WebAssembly schema engine", () => {
  it("apply every migration to an empty database, then find nothing to do", async () => {
    await adminQuery(server, `CREATE DATABASE ${name}`);
    const { migrationDirectories } = await loadMigrationList();
    expect(await migrateDatabase(url)).toEqual(migrationDirectories.map((m) => m.path));
    expect(await migrateDatabase(url)).toEqual([]);
  });

  it("record them in _prisma_migrations exactly as prisma migrate deploy does", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    const tables = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
    await client.end();
    const { migrationDirectories } = await loadMigrationList();
    expect(rows.map((r) => r.migration_name)).toEqual(migrationDirectories.map((m) => m.path));
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(tables.rows[0].n).toBeGreaterThan(25);
  });

  it("leave schema.prisma and the migrations folder in step (no migration missing)", async () => {
    const schema = await readSchema();
    const handle = await openSchemaEngine(url, schema);
    try {
      const result = await handle.engine.diff({
        from: { tag: "migrations", ...(await loadMigrationList()) },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: false,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      expect(result.exitCode, "schema.prisma changed without a migration: run npm run db:migration:new -- <name>").toBe(0);
    } finally {
      await handle.close();
    }
  });
});
