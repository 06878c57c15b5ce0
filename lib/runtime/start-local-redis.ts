// With no REDIS_URL, `npm run up` runs a private redis-server on loopback,
// persisting to the data dir (append-only file: queued usage events survive
// a restart). Installs Debian's package when missing and possible.
//
// Access: a password (generated into .data/secrets.json) is required. It is
// passed in a config file of mode 600 inside the private data dir, not on the
// command line, where any local user could read it (ps, /proc/<pid>/cmdline).
//
// Stopping: redis-server runs in its own process group, so a terminal's
// Ctrl-C (sent to `up`'s whole group) does not stop it before the processes
// that use it; `up` stops it last. Where util-linux's setpriv exists (Linux),
// it is started with a parent-death signal: when `up` dies, even by SIGKILL,
// the kernel sends redis-server SIGTERM (it saves and exits).
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureSystemPackages, hasCommand, needs } from "./ensure-system-packages";
import { freePort } from "./free-port";
import { makePrivateDir } from "./make-private-dir";
import { stopChild } from "./stop-child";

export interface LocalRedis {
  /** Carries the password: never print it (redactUrl). */
  url: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after graceMs. */
  stop: (graceMs?: number) => Promise<void>;
}

/** Installs Debian's redis-server when missing and possible (root), else throws with what to install. */
export function ensureRedisServerInstalled(log: (line: string) => void): void {
  ensureSystemPackages([needs.redisServer], log);
}

export function redisConfig(options: { port: number; dir: string; password: string }): string {
  if (!/^[A-Za-z0-9]+$/.test(options.password)) throw new Error("the Redis password must be alphanumeric");
  return [
    `port ${options.port}`,
    "bind 127.0.0.1",
    "protected-mode yes",
    `requirepass ${options.password}`,
    `dir "${options.dir}"`,
    "appendonly yes",
    "appendfsync everysec",
    'save ""',
    "",
  ].join("\n");
}

export async function startLocalRedis(dataDir: string, password: string, avoidPorts: readonly number[] = []): Promise<LocalRedis> {
  const dir = path.join(dataDir, "redis");
  await makePrivateDir(dataDir);
  await makePrivateDir(dir);
  const port = await freePort(avoidPorts);
  const configFile = path.join(dir, "redis.conf");
  await writeFile(configFile, redisConfig({ port, dir, password }), { mode: 0o600 });
  const [cmd, args] = hasCommand("setpriv")
    ? ["setpriv", ["--pdeathsig", "SIGTERM", "redis-server", configFile]]
    : ["redis-server", [configFile]];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
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
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `redis://:${password}@127.0.0.1:${port}/0`,
    process: child,
    stop: (graceMs = 5000) => stopChild(child, graceMs),
  };
}
