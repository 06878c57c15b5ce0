// The data dir of `npm run up` holds the database, Redis's files and the
// generated secrets: only its owner may enter it. mkdir's mode applies only to
// directories it creates, so an existing one (an older version's world-readable
// .data) is chmodded too. Each service makes its own subfolder private the same
// way (pglite, redis, run). Only the named directory is changed, never what
// else it contains; a shared directory such as /tmp (sticky bit) is refused.
import { chmod, mkdir, stat } from "node:fs/promises";

export const PRIVATE_DIR_MODE = 0o700;

export class SharedDataDirError extends Error {}

export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const info = await stat(dir);
  if (info.mode & 0o1000) throw new SharedDataDirError(`${dir} is a shared directory (like /tmp): give Tollgate a directory of its own`);
  if ((info.mode & 0o777) !== PRIVATE_DIR_MODE) await chmod(dir, PRIVATE_DIR_MODE);
}
