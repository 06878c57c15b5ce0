// The web process's security settings (README, "Security"), readable from
// both the custom server and Next's route handlers. Also part of webEnvSchema,
// so a bad value stops the process at start-up.
import { z } from "zod";
import { parseEnv } from "./parse-env";

export const webSecurityEnvFields = {
  NEXTAUTH_URL: z.url("must be the public URL of the app, like http://localhost:3000").optional(),
  // Largest request body of every non-proxy path (UI, sign-in, management API, server actions).
  TOLLGATE_MAX_WEB_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  // "true" when a reverse proxy sets X-Forwarded-For: sign-in limiting then counts per its last entry
  // (the one that proxy appended; earlier entries are whatever the client sent).
  TOLLGATE_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
};

const schema = z.object(webSecurityEnvFields);

export type WebSecurityEnv = z.infer<typeof schema>;

let cached: WebSecurityEnv | undefined;

export function loadWebSecurityEnv(source: Record<string, string | undefined> = process.env): WebSecurityEnv {
  cached ??= parseEnv(schema, source);
  return cached;
}
