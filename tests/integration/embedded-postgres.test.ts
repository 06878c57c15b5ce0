// The no-DATABASE_URL path: PGlite under a data dir, served over the wire
// protocol, migrated with the same engine, used by several pools at once,
// and still there after a restart.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient } from "../../lib/db/create-db-client";
import { findRunningEmbeddedPostgres, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate-database";
import { seedDemo } from "../../lib/demo/seed-demo";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { usageEvent } from "../support/usage-fixtures";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("embedded Postgres (PGlite)", () => {
  it("migrates, seeds, serves concurrent clients and keeps its data across restarts", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tollgate-pglite-"));
    dirs.push(dataDir);

    const first = await startEmbeddedPostgres({ dataDir });
    expect(await findRunningEmbeddedPostgres(dataDir)).toBe(first.url);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already served/);
    expect((await migrateDatabase(first.url)).length).toBeGreaterThan(0);
    const web = createDbClient(first.url, { poolSize: 4 });
    const worker = createDbClient(first.url, { poolSize: 4 });
    const seeded = await seedDemo(web, { ownerEmail: "owner@example.test", days: 2, now: new Date("2026-11-23T12:00:00Z") });
    expect(seeded.created).toBe(true);

    // Two "processes" at once: transactions on one, reads on the other.
    const writes = Array.from({ length: 8 }, (_, i) => recordUsageBatch(worker, [usageEvent({ orgId: seeded.orgId, costUsd: `0.00${i}` })]));
    const reads = Array.from({ length: 8 }, () => web.project.count());
    const [written, counted] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(written.every((w) => w.inserted === 1)).toBe(true);
    expect(counted.every((c) => c === 5)).toBe(true);
    const total = await web.usageEvent.count();
    await web.$disconnect();
    await worker.$disconnect();
    await first.stop();
    expect(await findRunningEmbeddedPostgres(dataDir)).toBeUndefined();

    const second = await startEmbeddedPostgres({ dataDir });
    const again = createDbClient(second.url, { poolSize: 2 });
    expect(await migrateDatabase(second.url)).toEqual([]);
    expect(await again.usageEvent.count()).toBe(total);
    expect(await seedDemo(again, { ownerEmail: "owner@example.test" })).toMatchObject({ created: false });
    await again.$disconnect();
    await second.stop();
  }, 120_000);
});
