// Structured JSON logs. Anything that could carry a secret is redacted by
// path, so a careless `log.info({ headers })` cannot leak a key.
import pino from "pino";

export const redactPaths = [
  "password", "*.password", "passwordHash", "*.passwordHash",
  "secret", "*.secret", "apiKey", "*.apiKey", "token", "*.token",
  "authorization", "*.authorization", "headers.authorization", "headers.cookie", "*.headers.authorization", "*.headers.cookie",
  "credential", "*.credential", "encryptedCredential", "*.encryptedCredential",
];

export function createLogger(options: { level?: string; name: string; destination?: pino.DestinationStream }) {
  return pino(
    { name: options.name, level: options.level ?? "info", redact: { paths: redactPaths, censor: "[redacted]" }, base: { service: options.name } },
    options.destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;

const holder = globalThis as unknown as { tollgateLogger?: Logger };

/** The process-wide logger (web by default; the worker names its own). */
export function getLogger(): Logger {
  holder.tollgateLogger ??= createLogger({ name: "tollgate-web" });
  return holder.tollgateLogger;
}

export function setLogger(logger: Logger): void {
  holder.tollgateLogger = logger;
}
