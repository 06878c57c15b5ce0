// The no-DATABASE_URL path: PGlite under a data dir, served over the wire
// protocol, migrated with the same engine, used by several pools at once,
// and still there after a restart.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient } from "../../lib/db/create-db-client";
import { findRunningEmbeddedPostgres, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate-database";
import { seedDemo } from "../../lib/demo/seed-demo";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { usageEvent } from "../support/usage-fixtures";

const dirs: string[] = [];

// Async: the embedded server answers from this process's event loop.
function run(cmd: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { encoding: "utf8", timeout: 20_000 }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr })),
  );
}
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

  it("is reachable only by its owner: a Unix socket in a data dir made private (700), also when it already existed", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tollgate-pglite-"));
    dirs.push(dataDir);
    await chmod(dataDir, 0o755); // an older, world-readable .data
    await mkdir(path.join(dataDir, "pglite"), { mode: 0o755 });
    const pg = await startEmbeddedPostgres({ dataDir });
    try {
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(dataDir, "pglite"))).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(dataDir, "run"))).mode & 0o777).toBe(0o700);
      expect(pg.url).toBe(`postgresql://postgres@localhost/postgres?host=${encodeURIComponent(path.join(dataDir, "run"))}&sslmode=disable`);
      const owner = await run("psql", [pg.url, "-tAc", "SELECT 1"]);
      expect(owner.stdout.trim(), owner.stderr).toBe("1");
      if (process.getuid?.() === 0) {
        // PGlite accepts any user and password, so the kernel is the check: another user cannot reach the socket.
        const other = await run("runuser", ["-u", "nobody", "--", "psql", pg.url, "-tAc", "SELECT 1"]);
        expect(other.status).not.toBe(0);
        expect(other.stderr).toMatch(/Permission denied/);
      }
    } finally {
      await pg.stop();
    }
  }, 60_000);

  it("keeps each connection's statements together: concurrent pooled queries of different shapes never read each other's rows, and a connection lost mid-transaction is rolled back", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tollgate-pglite-"));
    dirs.push(dataDir);
    const server = await startEmbeddedPostgres({ dataDir });
    const pool = new pg.Pool({ connectionString: server.url, max: 12 });
    try {
      await pool.query("CREATE TABLE kept (n int)");
      // Parameterised queries go out as Parse, Bind, Describe, Execute, Sync: the
      // upstream queue handed the session over between those messages, so one
      // connection's Bind met another's statement ("portal does not exist").
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: 600 }, async (_, i) => {
          try {
            if (i % 3 === 0) {
              const { rows } = await pool.query("SELECT $1::int AS a, 'x' AS b", [i]);
              if (rows[0]?.a !== i) failures.push(`shape a: ${JSON.stringify(rows)}`);
            } else if (i % 3 === 1) {
              const { rows } = await pool.query("SELECT $1::text AS model_alias", [`m${i}`]);
              if (rows[0]?.model_alias !== `m${i}`) failures.push(`shape b: ${JSON.stringify(rows)}`);
            } else {
              const client = await pool.connect();
              try {
                await client.query("BEGIN");
                await client.query("INSERT INTO kept VALUES ($1)", [i]);
                const { rows } = await client.query("SELECT count(*)::int AS n FROM kept WHERE n = $1", [i]);
                if (rows[0]?.n !== 1) failures.push(`transaction: ${JSON.stringify(rows)}`);
                await client.query("COMMIT");
              } finally {
                client.release();
              }
            }
          } catch (error) {
            failures.push((error as Error).message);
          }
        }),
      );
      expect(failures).toEqual([]);
      expect((await pool.query("SELECT count(*)::int AS n FROM kept")).rows[0].n).toBe(200);

      // A client that dies inside a transaction holds the one session only until its socket closes.
      const lost = new pg.Client({ connectionString: server.url });
      lost.on("error", () => {});
      await lost.connect();
      await lost.query("BEGIN");
      await lost.query("INSERT INTO kept VALUES (-1)");
      const waiting = pool.query("SELECT count(*)::int AS n FROM kept WHERE n = -1");
      (lost as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy();
      expect((await waiting).rows[0].n).toBe(0);
      expect((await pool.query("SELECT count(*)::int AS n FROM kept")).rows[0].n).toBe(200);
    } finally {
      await pool.end();
      await server.stop();
    }
  }, 120_000);
});
