// Embedded Postgres for `npm run up` with no DATABASE_URL: PGlite (Postgres
// compiled to WebAssembly) persisted under the data dir, served over the
// Postgres wire protocol so the web and worker processes connect with the
// same pg driver they use for any other Postgres.
//
// Access: PGlite answers every startup message with AuthenticationOk (it has
// no password check), so it is served on a Unix socket inside the private
// data dir (mode 700), never on a TCP port: the kernel keeps other local users
// out, as the file permissions of the data itself do. The URL names the
// socket's directory: postgresql://postgres@localhost/postgres?host=<dir>.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { makePrivateDir } from "../runtime/make-private-dir";
import { installPinnedSessionQueue } from "./pinned-session-queue";

export interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

const stateFile = (dataDir: string) => path.join(dataDir, "embedded-postgres.json");
// The pg driver connects to <host>/.s.PGSQL.<port>; 5432 is its default port.
const SOCKET_NAME = ".s.PGSQL.5432";
// sun_path holds 108 bytes on Linux (104 on macOS).
const MAX_SOCKET_PATH = 100;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of the embedded Postgres another process is serving, if any. */
export async function findRunningEmbeddedPostgres(dataDir: string): Promise<string | undefined> {
  const raw = await readFile(stateFile(dataDir), "utf8").catch(() => undefined);
  if (!raw) return undefined;
  const state = JSON.parse(raw) as { url: string; pid: number };
  return isAlive(state.pid) ? state.url : undefined;
}

/** The socket's directory: <dataDir>/run, or a private temp dir when that path is too long for a socket. */
async function socketDir(dataDir: string): Promise<{ dir: string; temporary: boolean }> {
  const dir = path.join(dataDir, "run");
  if (path.join(dir, SOCKET_NAME).length <= MAX_SOCKET_PATH) {
    await makePrivateDir(dir);
    return { dir, temporary: false };
  }
  return { dir: await mkdtemp(path.join(os.tmpdir(), "tollgate-pg-")), temporary: true }; // mkdtemp: mode 700
}

export function embeddedPostgresUrl(socketDirectory: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDirectory)}&sslmode=disable`;
}

export async function startEmbeddedPostgres(options: { dataDir: string }): Promise<EmbeddedPostgres> {
  const running = await findRunningEmbeddedPostgres(options.dataDir);
  if (running) throw new Error(`the embedded Postgres in ${options.dataDir} is already served by another process (${running})`);
  await makePrivateDir(options.dataDir);
  const socket = await socketDir(options.dataDir);
  const socketPath = path.join(socket.dir, SOCKET_NAME);
  await rm(socketPath, { force: true }); // left by a process that was killed
  const pgliteDir = path.join(options.dataDir, "pglite");
  await makePrivateDir(pgliteDir); // before PGlite creates it with the default mode
  const db = await PGlite.create(pgliteDir);
  // PGlite is one session; the socket server multiplexes connections onto it.
  // Its default of 1 connection breaks connection pools, and its queue
  // interleaves two connections' batches, so ours replaces it.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 64 });
  installPinnedSessionQueue(server, db);
  await server.start();
  const url = embeddedPostgresUrl(socket.dir);
  await writeFile(stateFile(options.dataDir), JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
  return {
    url,
    stop: async () => {
      await server.stop();
      await db.close();
      await rm(stateFile(options.dataDir), { force: true });
      await rm(socket.temporary ? socket.dir : socketPath, { recursive: true, force: true });
    },
  };
}
