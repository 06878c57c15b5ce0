// Parses an env schema once at start-up. A bad value stops the process with
// one readable line naming the variable, never a stack trace.
import { z } from "zod";

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path.join(".") || "environment";
  throw new EnvError(`${variable}: ${issue?.message ?? "invalid value"}`);
}

/** Prints the one-line message and exits; for process entry points. */
export function exitOnEnvError(error: unknown, processName: string): never {
  if (error instanceof EnvError) {
    console.error(`[tollgate ${processName}] configuration error: ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}
