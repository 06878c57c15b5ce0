import { z } from "zod";
import { dataDirField } from "./env-fields";
import { parseEnv } from "./parse-env";

const schema = z.object({ TOLLGATE_DATA_DIR: dataDirField });

/** Absolute path of the data dir (.data by default): embedded Postgres, Redis, secrets. */
export function loadDataDir(source: Record<string, string | undefined> = process.env): string {
  return parseEnv(schema, source).TOLLGATE_DATA_DIR;
}
