// Runs `prisma generate` offline: the CLI only checks that a schema-engine
// binary path exists (it does not execute it for generate), so point it at
// any existing file unless the real one is configured.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
env.CHECKPOINT_DISABLE = "1";
const prisma = path.resolve(import.meta.dirname, "../node_modules/.bin/prisma");
const result = spawnSync(prisma, ["generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
