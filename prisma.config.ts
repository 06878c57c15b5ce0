import { defineConfig } from "prisma/config";

// The CLI reads DATABASE_URL only for commands that need a database
// (`prisma migrate deploy` where the engine binary is available).
// Tollgate itself migrates with scripts/db-migrate.ts (WebAssembly engine).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
