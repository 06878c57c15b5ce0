// The data dir of `npm run up` holds the database, Redis's files and the
// generated secrets: only its owner may enter it. mkdir's mode applies only to
// directories it creates, so existing ones (an older checkout's .data) are
// chmodded too, with their direct subfolders (pglite, redis, run, ...).
import { chmod, mkdir, readdir } from "node:fs/promises";
import path from "node:path";

export const PRIVATE_DIR_MODE = 0o700;

export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => chmod(path.join(dir, e.name), PRIVATE_DIR_MODE)));
}
