// Where the large benchmark data set's Postgres cluster lives.
//
// Not root: <checkout>/.data/large-postgres (Postgres runs as us).
// Root: Postgres refuses to run as root, so its binaries run as the
// `postgres` user, who cannot enter a private checkout (root's home is mode
// 700, and .data is always 700). The cluster then lives in a directory owned
// by postgres under /var/tmp (kept across reboots, unlike /tmp), named after
// the checkout, and recorded in .data/large-postgres.json so the next run
// finds it. A cluster left in .data/large-postgres by an older version is
// moved there.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, lstat, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { makePrivateDir } from "../../lib/runtime/make-private-dir";
import { postgresIds } from "../../tests/support/local-services";

export class LargeClusterDirError extends Error {}

const recordSchema = z.object({ dir: z.string().min(1) });

const sharedTmp = () => (existsSync("/var/tmp") ? "/var/tmp" : os.tmpdir());

/** A directory only `postgres` (or root) may enter; never a symlink someone planted in the shared temp dir. */
async function ensurePostgresOwnedDir(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "EEXIST") throw e;
  });
  const info = await lstat(dir);
  const trusted = info.isDirectory() && !info.isSymbolicLink() && (info.uid === owner.uid || info.uid === 0) && (info.mode & 0o077) === 0;
  if (!trusted) {
    throw new LargeClusterDirError(
      `${dir} exists but is not a private directory of the postgres user (or root); remove it, or set DATABASE_URL to a Postgres for the large data set`,
    );
  }
  await chown(dir, owner.uid, owner.gid);
}

export async function resolveLargeClusterDir(checkoutRoot: string, options: { asRoot?: boolean; sharedTmpDir?: string } = {}): Promise<string> {
  const dataDir = path.join(checkoutRoot, ".data");
  const inCheckout = path.join(dataDir, "large-postgres");
  await makePrivateDir(dataDir);
  if (!(options.asRoot ?? process.getuid?.() === 0)) return inCheckout;

  const owner = postgresIds();
  const recordFile = path.join(dataDir, "large-postgres.json");
  const recorded = await readFile(recordFile, "utf8").then((t) => recordSchema.parse(JSON.parse(t)).dir, () => undefined);
  const tag = createHash("sha256").update(path.resolve(checkoutRoot)).digest("hex").slice(0, 12);
  const dir = recorded ?? path.join(options.sharedTmpDir ?? sharedTmp(), `tollgate-large-postgres-${tag}`);
  await ensurePostgresOwnedDir(dir, owner);
  const legacy = path.join(inCheckout, "data");
  const target = path.join(dir, "data");
  if (existsSync(path.join(legacy, "PG_VERSION")) && !existsSync(target)) {
    await rename(legacy, target).catch((e: NodeJS.ErrnoException) => {
      throw new LargeClusterDirError(
        e.code === "EXDEV"
          ? `the large data set's cluster in ${legacy} must move to ${target}, which the postgres user can reach: move it (mv), or delete it to seed again`
          : `could not move ${legacy} to ${target}: ${e.message}`,
      );
    });
  }
  if (!recorded) await writeFile(recordFile, JSON.stringify({ dir }, null, 2) + "\n", { mode: 0o600 });
  return dir;
}
