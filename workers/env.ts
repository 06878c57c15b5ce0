// The worker process's environment, parsed once at start-up.
import { z } from "zod";
import { databaseUrlField, logLevelField, redisUrlField } from "../lib/env/env-fields";
import { parseEnv } from "../lib/env/parse-env";

const workerEnvSchema = z.object({
  DATABASE_URL: databaseUrlField,
  REDIS_URL: redisUrlField,
  TOLLGATE_LOG_LEVEL: logLevelField,
  TOLLGATE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // Usage events a dead worker left unacknowledged are taken over after this long.
  TOLLGATE_USAGE_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30_000),
  TOLLGATE_USAGE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(2000),
  // Concurrent usage stream consumers in this process (Postgres writes overlap).
  TOLLGATE_USAGE_CONSUMERS: z.coerce.number().int().min(1).max(16).default(2),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source);
}
