import { z } from "zod";
import { redisUrlField } from "./env-fields";
import { parseEnv } from "./parse-env";

const schema = z.object({ REDIS_URL: redisUrlField });

export function loadRedisEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(schema, source);
}
