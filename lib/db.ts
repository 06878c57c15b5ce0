// The one Prisma client of a process. Prisma is used only under lib/.
import { createDbClient, type DbClient } from "./db/create-db-client";
import { loadDatabaseEnv } from "./env/database-env";

const holder = globalThis as unknown as { tollgateDb?: DbClient };

export function getDb(): DbClient {
  holder.tollgateDb ??= createDbClient(loadDatabaseEnv().DATABASE_URL);
  return holder.tollgateDb;
}

export async function disconnectDb(): Promise<void> {
  await holder.tollgateDb?.$disconnect();
  holder.tollgateDb = undefined;
}
