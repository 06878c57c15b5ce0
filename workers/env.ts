// The worker process's environment, parsed once at start-up.
import { z } from "zod";
import { databaseUrlField, logLevelField, redisUrlField } from "../lib/env/env-fields";
import { parseEnv } from "../lib/env/parse-env";

const workerEnvSchema = z.object({
  DATABASE_URL: databaseUrlField,
  REDIS_URL: redisUrlField,
  TOLLGATE_LOG_LEVEL: logLevelField,
  TOLLGATE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source);
}
