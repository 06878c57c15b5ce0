// With no REDIS_URL, `npm run up` runs a private redis-server on loopback,
// persisting to the data dir (append-only file: queued usage events survive
// a restart). Installs Debian's package when missing and possible.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { freePort } from "./free-port";

export interface LocalRedis {
  url: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

const hasCommand = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

export function ensureRedisServerInstalled(log: (line: string) => void): void {
  if (hasCommand("redis-server")) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && hasCommand("apt-get")) {
    log("redis-server is not installed; installing Debian's redis-server package…");
    const result = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "redis-server"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (result.status === 0 && hasCommand("redis-server")) return;
  }
  throw new Error("redis-server is not installed: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL");
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
