// The seeded owner's generated password and the demo API key are stored
// hashed in the database, so `npm run up` keeps a copy (mode 600) in the data
// dir to print on every start.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export interface DemoCredentials {
  email: string;
  password?: string;
  apiKey?: string;
}

const file = (dataDir: string) => path.join(dataDir, "demo-credentials.json");

export async function readDemoCredentials(dataDir: string): Promise<DemoCredentials | undefined> {
  return readFile(file(dataDir), "utf8").then((t) => JSON.parse(t) as DemoCredentials).catch(() => undefined);
}

export async function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): Promise<void> {
  await writeFile(file(dataDir), JSON.stringify(credentials, null, 2), { mode: 0o600 });
}
