// The web process's environment, parsed once (instrumentation.ts calls
// loadWebEnv at start-up). `npm run up` fills the values it can default.
import { z } from "zod";
import { databaseUrlField, encryptionKeyField, logLevelField, nextauthSecretField, redisUrlField } from "./env/env-fields";
import { parseEnv } from "./env/parse-env";

export const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrlField,
  REDIS_URL: redisUrlField,
  NEXTAUTH_SECRET: nextauthSecretField,
  NEXTAUTH_URL: z.url("must be the public URL of the app, like http://localhost:3000").optional(),
  TOLLGATE_ENCRYPTION_KEY: encryptionKeyField,
  TOLLGATE_LOG_LEVEL: logLevelField,
});

export type WebEnv = z.infer<typeof webEnvSchema>;

let cached: WebEnv | undefined;

export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  cached ??= parseEnv(webEnvSchema, source);
  return cached;
}
