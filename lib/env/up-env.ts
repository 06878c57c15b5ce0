// What `npm run up` reads. Anything unset gets an embedded default.
import { z } from "zod";
import { dataDirField, databaseUrlField, encryptionKeyField, redisUrlField } from "./env-fields";
import { parseEnv } from "./parse-env";

const optional = <T extends z.ZodType>(field: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), field.optional());

const upEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TOLLGATE_HOST: optional(z.string()),
  DATABASE_URL: optional(databaseUrlField),
  REDIS_URL: optional(redisUrlField),
  TOLLGATE_DATA_DIR: dataDirField,
  TOLLGATE_ADMIN_EMAIL: optional(z.email()).transform((v) => v?.toLowerCase() ?? "owner@tollgate.local"),
  TOLLGATE_ADMIN_PASSWORD: optional(z.string().min(12, "must be at least 12 characters")),
  TOLLGATE_SEED_DEMO: z.enum(["true", "false"]).default("true"),
  // Passed on to the web process (lib/env.ts); `up` skips `next build` when it is "false".
  TOLLGATE_SERVE_UI: z.enum(["true", "false"]).default("true"),
  // "off": no demo local model (the runner is not started, local-runner/ is not installed by bootstrap).
  TOLLGATE_LOCAL_MODEL: z.enum(["on", "off"]).default("on"),
  NEXTAUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  NEXTAUTH_URL: optional(z.url()),
  TOLLGATE_ENCRYPTION_KEY: encryptionKeyField,
});

export type UpEnv = z.infer<typeof upEnvSchema>;

export function loadUpEnv(source: Record<string, string | undefined> = process.env): UpEnv {
  return parseEnv(upEnvSchema, source);
}
