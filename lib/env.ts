// The web process's environment, parsed once (instrumentation.ts calls
// loadWebEnv at start-up). `npm run up` fills the values it can default.
import path from "node:path";
import { z } from "zod";
import { dataDirField, databaseUrlField, encryptionKeyField, logLevelField, nextauthSecretField, redisUrlField } from "./env/env-fields";
import { parseEnv } from "./env/parse-env";
import { webSecurityEnvFields } from "./env/web-security-env";
import { DEFAULT_HOT_MAX_BYTES } from "./routing/response-cache/hot-answers";

export const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrlField,
  REDIS_URL: redisUrlField,
  NEXTAUTH_SECRET: nextauthSecretField,
  TOLLGATE_ENCRYPTION_KEY: encryptionKeyField,
  TOLLGATE_LOG_LEVEL: logLevelField,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TOLLGATE_HOST: z.string().optional(),
  // Largest request body the proxy accepts (images as base64 make bodies big).
  TOLLGATE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  // How long the proxy waits for an upstream's headers, and between body chunks.
  TOLLGATE_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  // "false" runs a proxy-only instance (/api/v1 and /api/health, no UI), to scale the hot path on its own.
  TOLLGATE_SERVE_UI: z.enum(["true", "false"]).default("true"),
  // Web processes sharing PORT on this host (node:cluster), each an instance like a replica (README, "The hot path").
  TOLLGATE_WEB_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  // Who is refused while Redis (budget counters) is unreachable: requests under a hard budget (default),
  // every request with a budget or rate limit, or nobody (fail open). See README, "Budgets".
  TOLLGATE_REDIS_DOWN_REFUSES: z.enum(["hard-budgets", "all-limited", "nothing"]).default("hard-budgets"),
  // Bearer token for GET /metrics (Prometheus); unset = no metrics endpoint.
  TOLLGATE_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // Far from every limit, each web process admits from a lease taken from Redis about once a second, with no
  // round trip per request (README, "Budgets"); "false": every limited request asks Redis.
  TOLLGATE_ADMISSION_LEASES: z.enum(["true", "false"]).default("true"),
  // A reservation never settled (its proxy died) is released after this long.
  TOLLGATE_RESERVATION_TTL_MS: z.coerce.number().int().min(10_000).default(15 * 60_000),
  // How often lastUsedAt of API keys and management tokens is written (batched, off the request path).
  TOLLGATE_LAST_USED_FLUSH_MS: z.coerce.number().int().min(1000).default(60_000),
  // NEXTAUTH_URL, TOLLGATE_MAX_WEB_BODY_BYTES, TOLLGATE_TRUST_PROXY (README, "Security").
  ...webSecurityEnvFields,
  TOLLGATE_DATA_DIR: dataDirField,
  // Usage events that cannot reach Redis spill here (one file per process; default <TOLLGATE_DATA_DIR>/usage-journal).
  TOLLGATE_USAGE_JOURNAL_DIR: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().optional()).transform((dir) => dir && path.resolve(dir)),
  // Bound on the journal's bytes on disk per process; beyond it new events are dropped (logged, counted in /metrics).
  TOLLGATE_USAGE_JOURNAL_MAX_BYTES: z.coerce.number().int().min(64 * 1024).default(2 * 1024 ** 3),
  // Usage events held in memory while Redis does not take them, before they spill to the journal.
  TOLLGATE_USAGE_QUEUE_MAX: z.coerce.number().int().min(1).default(200_000),
  // The response cache entries each web process holds in memory in front of Redis, in bytes (0: none).
  TOLLGATE_RESPONSE_CACHE_MEMORY_BYTES: z.coerce.number().int().min(0).max(16 * 1024 ** 3).default(DEFAULT_HOT_MAX_BYTES),
  // Passive health: a deployment failing this many times (5xx, timeouts, unreachable) within the window
  // is passed over by routing for the cool-down, on every instance.
  TOLLGATE_COOLDOWN_FAILURES: z.coerce.number().int().min(1).max(1000).default(3),
  TOLLGATE_COOLDOWN_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  TOLLGATE_COOLDOWN_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  // A local model's in-flight slot is leased for this long and renewed while its request runs; a crashed
  // instance's slots are free again after it.
  TOLLGATE_LOCAL_SLOT_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
});

export type WebEnv = z.infer<typeof webEnvSchema>;

let cached: WebEnv | undefined;

export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  cached ??= parseEnv(webEnvSchema, source);
  return cached;
}
