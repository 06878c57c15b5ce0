// Secrets `npm run up` needs but a new user should not have to invent:
// generated once into the data dir (mode 600) and reused on every start.
// A file from an older version is completed (new secrets added, old kept).
import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const localSecretsSchema = z.object({
  nextauthSecret: z.string().min(32),
  encryptionKey: z.string().min(1),
  /** requirepass of the local redis-server. */
  redisPassword: z.string().min(32),
});

export type LocalSecrets = z.infer<typeof localSecretsSchema>;

export const localSecretsFile = (dataDir: string) => path.join(dataDir, "secrets.json");

const generators: { [K in keyof LocalSecrets]: () => string } = {
  nextauthSecret: () => randomBytes(32).toString("base64url"),
  encryptionKey: () => randomBytes(32).toString("base64"),
  redisPassword: () => randomBytes(32).toString("hex"),
};

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = localSecretsFile(dataDir);
  const existing = await readFile(file, "utf8").then((t) => JSON.parse(t) as Record<string, unknown>).catch(() => ({}) as Record<string, unknown>);
  const parsed = localSecretsSchema.safeParse(existing);
  if (parsed.success) {
    await chmod(file, 0o600);
    return parsed.data;
  }
  const completed = { ...existing };
  for (const [key, generate] of Object.entries(generators)) {
    const field = localSecretsSchema.shape[key as keyof LocalSecrets];
    if (!field.safeParse(existing[key]).success) completed[key] = generate();
  }
  const secrets = localSecretsSchema.parse(completed);
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return secrets;
}
