import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadOrCreateLocalSecrets } from "./local-secrets";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("loadOrCreateLocalSecrets", () => {
  it("generates every secret once, mode 600, and returns the same ones next time", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tollgate-secrets-"));
    const first = await loadOrCreateLocalSecrets(dir);
    expect(first.redisPassword).toMatch(/^[0-9a-f]{64}$/);
    expect(first.nextauthSecret.length).toBeGreaterThanOrEqual(32);
    expect((await stat(path.join(dir, "secrets.json"))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateLocalSecrets(dir)).toEqual(first);
  });

  it("completes a file from an older version without changing its secrets, and makes it private", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tollgate-secrets-"));
    const file = path.join(dir, "secrets.json");
    const old = { nextauthSecret: "n".repeat(43), encryptionKey: Buffer.alloc(32, 7).toString("base64") };
    await writeFile(file, JSON.stringify(old), { mode: 0o644 });
    const secrets = await loadOrCreateLocalSecrets(dir);
    expect(secrets).toMatchObject(old);
    expect(secrets.redisPassword).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(secrets);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
