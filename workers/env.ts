// The worker process's environment, parsed once at start-up.
import { z } from "zod";
import { databaseUrlField, encryptionKeyField, logLevelField, redisUrlField } from "../lib/env/env-fields";
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
  // Decrypts notification channel settings (the same key as the web process).
  TOLLGATE_ENCRYPTION_KEY: encryptionKeyField,
  // How often budgets are reconciled with the ledger and checked for thresholds, forecasts and anomalies.
  TOLLGATE_BUDGET_MONITOR_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  // Anomalies must also be this many dollars above the usual spend (so pennies page nobody).
  TOLLGATE_ANOMALY_FLOOR_HOURLY_USD: z.coerce.number().min(0).default(5),
  TOLLGATE_ANOMALY_FLOOR_DAILY_USD: z.coerce.number().min(0).default(25),
  // Email alerts: an SMTP URL like smtp://user:pass@mail.example.com:587 and the sender.
  TOLLGATE_SMTP_URL: z.url().optional(),
  TOLLGATE_ALERT_FROM: z.string().default("Tollgate <alerts@tollgate.local>"),
  // Alert webhooks may reach loopback/private addresses only when this is "true" (local setups, tests).
  TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).default("false"),
  // Links in alerts point here.
  NEXTAUTH_URL: z.url().optional(),
  // Benchmark runs send their requests through Tollgate's own proxy, here (npm run up sets it).
  TOLLGATE_PROXY_URL: z.url().default("http://127.0.0.1:3000/api/v1"),
  // Benchmark runs this worker process executes at once (each is its own load generator).
  TOLLGATE_BENCHMARK_RUNS_PER_WORKER: z.coerce.number().int().min(1).max(16).default(2),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source);
}
