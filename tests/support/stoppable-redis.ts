// A private redis-server that can be stopped outright (connections refused,
// not just hung) and started again on the same port with its data: an
// append-only file, so the stream and its consumer group survive the outage.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./local-services";

export interface StoppableRedis {
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops it and deletes its data. */
  remove: () => Promise<void>;
}

export async function startStoppableRedis(): Promise<StoppableRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-redis-stoppable-"));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always"], { stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      c.once("error", reject);
      c.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      c.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("Ready to accept connections")) resolve();
      });
    });
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    child = null;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    start,
    stop,
    remove: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
