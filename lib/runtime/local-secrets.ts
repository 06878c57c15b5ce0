// Secrets `npm run up` needs but a new user should not have to invent:
// generated once into the data dir (mode 600) and reused on every start.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export interface LocalSecrets {
  nextauthSecret: string;
  encryptionKey: string;
}

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, "secrets.json");
  const existing = await readFile(file, "utf8").then((t) => JSON.parse(t) as LocalSecrets).catch(() => undefined);
  if (existing?.nextauthSecret && existing.encryptionKey) return existing;
  const secrets = { nextauthSecret: randomBytes(32).toString("base64url"), encryptionKey: randomBytes(32).toString("base64") };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
