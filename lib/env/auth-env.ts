import { z } from "zod";
import { nextauthSecretField } from "./env-fields";
import { parseEnv } from "./parse-env";

const schema = z.object({ NEXTAUTH_SECRET: nextauthSecretField });

export function loadAuthEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(schema, source);
}
