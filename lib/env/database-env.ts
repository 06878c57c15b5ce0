import { z } from "zod";
import { databaseUrlField } from "./env-fields";
import { parseEnv } from "./parse-env";

const schema = z.object({ DATABASE_URL: databaseUrlField });

export function loadDatabaseEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(schema, source);
}
