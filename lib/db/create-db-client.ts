import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";

export type DbClient = PrismaClient;

interface DirectPool {
  url: string;
  max: number;
  pool: pg.Pool | null;
}
const directPools = new WeakMap<DbClient, DirectPool>();

export function createDbClient(databaseUrl: string, options: { poolSize?: number } = {}): DbClient {
  const max = options.poolSize ?? 10;
  const adapter = new PrismaPg({ connectionString: databaseUrl, max });
  const client = new PrismaClient({ adapter });
  const direct: DirectPool = { url: databaseUrl, max, pool: null };
  directPools.set(client, direct);
  const disconnect = client.$disconnect.bind(client);
  // Ends the direct pool with Prisma's; a later use opens a new one, as Prisma reconnects.
  client.$disconnect = async () => {
    const pool = direct.pool;
    direct.pool = null;
    await Promise.all([disconnect(), pool?.end()]);
  };
  return client;
}

/**
 * A plain pg pool beside the client's own (as large, its connections opened as needed), for the one
 * statement whose parameters are large: the usage ingest's batch (an array literal per column), which Prisma's query protocol
 * would escape into a request and parse back out (about a third of the worker's CPU per stored
 * event, ingest probe 2026-12-03).
 */
export function directPool(db: DbClient): pg.Pool {
  const direct = directPools.get(db);
  if (!direct) throw new Error("directPool: this client was not made by createDbClient");
  if (!direct.pool) {
    direct.pool = new pg.Pool({ connectionString: direct.url, max: direct.max });
    // An idle connection that breaks (Postgres restarted) must not crash the process: the next query fails and is retried.
    direct.pool.on("error", () => {});
  }
  return direct.pool;
}
