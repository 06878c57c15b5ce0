// npm run seed:large / bench:dashboard keep a real Postgres cluster between
// runs. As root its binaries run as the postgres user, who cannot enter a
// checkout under a mode-700 home (or the private .data): the cluster must live
// where that user can reach it, and be found again on the next run.
import { mkdir, mkdtemp, readFile, rm, stat, symlink, chmod, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { openLargeDatabase } from "../../bench/support/large-data";
import { LargeClusterDirError, resolveLargeClusterDir } from "../../bench/support/resolve-large-cluster-dir";
import { postgresIds } from "../support/local-services";

const isRoot = process.getuid?.() === 0;
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
});

async function privateHome() {
  const home = await mkdtemp(path.join(os.tmpdir(), "tollgate-home-"));
  cleanup.push(home);
  await chmod(home, 0o700); // like /root
  const checkout = path.join(home, "tollgate");
  await mkdir(checkout);
  return checkout;
}

describe.skipIf(!isRoot)("the large data set's cluster as root, with the checkout in a mode-700 home", () => {
  it("starts Postgres in a postgres-owned directory outside the checkout, and finds it again on the next run", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const checkout = await privateHome();
    const first = await openLargeDatabase(checkout);
    const { dir } = JSON.parse(await readFile(path.join(checkout, ".data", "large-postgres.json"), "utf8")) as { dir: string };
    cleanup.push(dir);
    try {
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query("CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");
      await client.end();
    } finally {
      await first.stop();
    }
    expect(dir.startsWith(checkout)).toBe(false);
    const info = await stat(dir);
    expect(info.uid).toBe(postgresIds().uid);
    expect(info.mode & 0o777).toBe(0o700);

    const second = await openLargeDatabase(checkout);
    try {
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      expect((await client.query("SELECT n FROM kept")).rows).toEqual([{ n: 7 }]);
      await client.end();
    } finally {
      await second.stop();
      vi.unstubAllEnvs();
    }
  }, 120_000);

  it("refuses a directory someone else planted at that name (a symlink, or open to others), with one line saying what to do", async () => {
    const shared = await mkdtemp(path.join(os.tmpdir(), "tollgate-shared-"));
    cleanup.push(shared);
    await chmod(shared, 0o1777);
    const checkout = await privateHome();
    const planted = await mkdtemp(path.join(os.tmpdir(), "tollgate-planted-"));
    cleanup.push(planted);
    const expected = path.join(shared, path.basename(await resolveLargeClusterDir(checkout, { sharedTmpDir: shared })));
    await rm(path.join(checkout, ".data", "large-postgres.json"));
    await rm(expected, { recursive: true });
    await symlink(planted, expected);
    await expect(resolveLargeClusterDir(checkout, { sharedTmpDir: shared })).rejects.toThrow(LargeClusterDirError);
    await rm(expected);
    await mkdir(expected, { mode: 0o777 });
    await chmod(expected, 0o777);
    await expect(resolveLargeClusterDir(checkout, { sharedTmpDir: shared })).rejects.toThrow(/not a private directory of the postgres user/);
  });

  it("moves a cluster an older version left in .data/large-postgres", async () => {
    const shared = await mkdtemp(path.join(os.tmpdir(), "tollgate-shared-"));
    cleanup.push(shared);
    const checkout = await privateHome();
    await mkdir(path.join(checkout, ".data", "large-postgres", "data"), { recursive: true });
    await writeFile(path.join(checkout, ".data", "large-postgres", "data", "PG_VERSION"), "15\n");
    const dir = await resolveLargeClusterDir(checkout, { sharedTmpDir: shared });
    expect(await readFile(path.join(dir, "data", "PG_VERSION"), "utf8")).toBe("15\n");
  });
});

describe("the large data set's cluster as a regular user", () => {
  it("stays in the checkout's .data (Postgres runs as that user)", async () => {
    const checkout = await privateHome();
    expect(await resolveLargeClusterDir(checkout, { asRoot: false })).toBe(path.join(checkout, ".data", "large-postgres"));
  });
});
