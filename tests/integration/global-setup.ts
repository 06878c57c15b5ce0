import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate-database";
import { adminQuery, TEMPLATE_DB, withDatabase } from "../support/test-database";
import { acquireTestServices } from "../support/test-services";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const services = await acquireTestServices();
  await adminQuery(services.databaseUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(services.databaseUrl, `CREATE DATABASE ${TEMPLATE_DB}`);
  await migrateDatabase(withDatabase(services.databaseUrl, TEMPLATE_DB));
  console.log(`[integration] PostgreSQL: ${services.postgresVersion} at ${new URL(services.databaseUrl).host}; Redis: ${services.redisVersion} at ${new URL(services.redisUrl).host}`);
  project.provide("databaseServerUrl", services.databaseUrl);
  project.provide("redisUrl", services.redisUrl);
  return async () => {
    await adminQuery(services.databaseUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`).catch(() => {});
    await services.stop();
  };
}
