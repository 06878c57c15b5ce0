// One database per test file, cloned from a migrated template (migrating
// through the WebAssembly engine once per run, not once per file).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDbClient, type DbClient } from "../../lib/db/create-db-client";

export const TEMPLATE_DB = "tollgate_template";

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  db: DbClient;
  drop: () => Promise<void>;
}

export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `tollgate_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = withDatabase(serverUrl, name);
  const db = createDbClient(url, { poolSize: 4 });
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
