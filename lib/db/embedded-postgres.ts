// Embedded Postgres for `npm run up` with no DATABASE_URL: PGlite (Postgres
// compiled to WebAssembly) persisted under the data dir, served over the
// Postgres wire protocol on loopback so the web and worker processes connect
// with the same pg driver they use for any other Postgres.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

const stateFile = (dataDir: string) => path.join(dataDir, "embedded-postgres.json");

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

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<EmbeddedPostgres> {
  const running = await findRunningEmbeddedPostgres(options.dataDir);
  if (running) throw new Error(`the embedded Postgres in ${options.dataDir} is already served by another process (${running})`);
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(path.join(options.dataDir, "pglite"));
  // PGlite is one session; the socket server multiplexes connections onto it
  // (keeping a transaction's statements together). Its default of 1 connection
  // breaks connection pools.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 64 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  await writeFile(stateFile(options.dataDir), JSON.stringify({ url, pid: process.pid }));
  return {
    url,
    stop: async () => {
      await server.stop();
      await db.close();
      await rm(stateFile(options.dataDir), { force: true });
    },
  };
}
