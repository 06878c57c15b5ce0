// With no REDIS_URL, `npm run up` runs a private redis-server on loopback,
// persisting to the data dir (append-only file: queued usage events survive
// a restart). Installs Debian's package when missing and possible.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ensureSystemPackages, needs } from "./ensure-system-packages";
import { freePort } from "./free-port";

export interface LocalRedis {
  url: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Installs Debian's redis-server when missing and possible (root), else throws with what to install. */
export function ensureRedisServerInstalled(log: (line: string) => void): void {
  ensureSystemPackages([needs.redisServer], log);
}

export async function startLocalRedis(dataDir: string): Promise<LocalRedis> {
  const dir = path.join(dataDir, "redis");
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "yes"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onExit = (code: number | null) => reject(new Error(`redis-server exited with code ${code}: ${out.trim().split("\n").pop()}`));
    child.once("error", reject);
    child.once("exit", onExit);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) {
        child.off("exit", onExit);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
