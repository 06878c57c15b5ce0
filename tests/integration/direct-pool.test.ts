// The ingest's plain pg pool (lib/db/create-db-client.ts): a connection Postgres drops while it is idle
// must not crash the process, and the next batch is stored over a fresh connection.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { directPool } from "../../lib/db/create-db-client";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
});
afterAll(() => t.drop());

it("survives Postgres dropping its idle connections, and stores the next batch", async () => {
  expect(await recordUsageBatch(t.db, [usageEvent()])).toEqual({ inserted: 1, duplicates: 0 });
  const pool = directPool(t.db);
  expect(pool.idleCount).toBe(1);
  // What a Postgres restart does to an idle connection. Without the pool's error listener the 'error' it
  // emits would be unhandled: the process (here, the test run) would crash.
  await t.db.$executeRawUnsafe("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  for (let i = 0; i < 50 && pool.idleCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(pool.idleCount).toBe(0);
  expect(await recordUsageBatch(t.db, [usageEvent()])).toEqual({ inserted: 1, duplicates: 0 });
});
