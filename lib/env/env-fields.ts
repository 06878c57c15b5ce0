// Env fields shared by the web and worker schemas.
import path from "node:path";
import { z } from "zod";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function urlWithProtocols(protocols: string[], example: string, missingHint: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: (issue) => (issue.input === undefined ? `is required (${missingHint})` : "must be a string") })
      .refine((value) => {
        try {
          const url = new URL(value);
          return protocols.includes(url.protocol) && url.hostname !== "";
        } catch {
          return false;
        }
      }, `must be a URL like ${example}`),
  );
}

export const databaseUrlField = urlWithProtocols(
  ["postgres:", "postgresql:"],
  "postgresql://user:pass@host:5432/db",
  "npm run up sets it to the embedded Postgres",
);
export const redisUrlField = urlWithProtocols(
  ["redis:", "rediss:"],
  "redis://127.0.0.1:6379/0",
  "npm run up starts a local redis-server",
);

export const dataDirField = z.preprocess(blankToUndefined, z.string().default(".data")).transform((dir) => path.resolve(dir));

export const logLevelField = z.preprocess(
  blankToUndefined,
  z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
);

// 32 bytes, base64 or hex: AES-256-GCM key for provider credentials.
export const encryptionKeyField = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .refine((v) => v === undefined || decodeKey(v)?.length === 32, "must be 32 bytes, base64 or 64 hex characters"),
);

export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  const buf = Buffer.from(value, "base64");
  return buf.length === 32 ? buf : undefined;
}

export const nextauthSecretField = z
  .string({ error: "is required (npm run up generates one into the data dir)" })
  .min(32, "must be at least 32 characters (npm run up generates one)");
