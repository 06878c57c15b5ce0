import { z } from "zod";
import { parseEnv } from "./parse-env";

const schema = z.object({
  NEXTAUTH_SECRET: z
    .string({ error: "is required (npm run up generates one into .data/)" })
    .min(32, "must be at least 32 characters"),
});

export function loadAuthEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(schema, source);
}
