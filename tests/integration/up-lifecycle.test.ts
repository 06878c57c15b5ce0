// `npm run up` as a user runs it (scripts/up.ts with no DATABASE_URL or
// REDIS_URL: PGlite and a local redis-server under a temp data dir), in its
// own process group as a terminal would run it. TOLLGATE_SERVE_UI=false: a
// proxy-only web process, so `up` needs no `next build` (minutes here); the
// stop sequence is the same. Checks: a Ctrl-C to the whole group stops
// everything within 15 s, a SIGKILL of `up` alone leaves nothing behind, the
// data survives both, and nothing embedded is open to another local user.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/local-services";
import { listProcesses } from "../support/process-table";

const root = path.resolve(import.meta.dirname, "../..");
const isRoot = process.getuid?.() === 0;
const started: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function startUp(dataDir: string, port: number) {
  // The real command, through npm and scripts/bootstrap.mjs (which relays signals too).
  const child = spawn("npm", ["run", "--silent", "up"], {
    cwd: root,
    detached: true, // its own process group, like a shell job
    stdio: ["ignore", "pipe", "pipe"],
    env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, TOLLGATE_DATA_DIR: dataDir, PORT: String(port), TOLLGATE_HOST: "127.0.0.1", TOLLGATE_SEED_DEMO: "false", TOLLGATE_SERVE_UI: "false" },
  });
  started.push(child);
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  const running = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("Tollgate is running")) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    void exited.then(({ code }) => {
      clearInterval(timer);
      reject(new Error(`up exited (${code}) before running:\n${out.slice(-3000)}`));
    });
  });
  return { child, output: () => out, exited, running };
}

/**
 * Processes started for this data dir, with their process group: they inherit TOLLGATE_DATA_DIR,
 * except that redis-server overwrites its environment with its title ("redis-server 127.0.0.1:<port>").
 */
function processesOf(dataDir: string): { pid: number; pgid: number; cmd: string }[] {
  const marker = `TOLLGATE_DATA_DIR=${dataDir}\0`;
  const redisPort = /^port (\d+)$/m.exec(readFileSync(path.join(dataDir, "redis", "redis.conf"), "utf8"))?.[1];
  return listProcesses().flatMap((p) => {
    if (p.state === "Z") return []; // exited, not yet reaped
    try {
      const ours = p.environ().includes(marker) || (redisPort && p.cmd.startsWith(`redis-server 127.0.0.1:${redisPort}`));
      return ours ? [{ pid: p.pid, pgid: p.pgid, cmd: p.cmd }] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

async function waitUntilNone(dataDir: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (processesOf(dataDir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return processesOf(dataDir);
}

async function connections(dataDir: string) {
  const secrets = JSON.parse(await readFile(path.join(dataDir, "secrets.json"), "utf8")) as { redisPassword: string };
  const { url: databaseUrl } = JSON.parse(await readFile(path.join(dataDir, "embedded-postgres.json"), "utf8")) as { url: string };
  const redisConf = await readFile(path.join(dataDir, "redis", "redis.conf"), "utf8");
  const redisPort = Number(/^port (\d+)$/m.exec(redisConf)![1]);
  return { databaseUrl, redisPassword: secrets.redisPassword, redisPort };
}

async function query(databaseUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** One inline command on a raw connection, as a client without the password would send it. */
function askRedisWithoutPassword(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(`${command}\r\n`));
    socket.once("data", (d) => {
      resolve(d.toString());
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe("npm run up: stopping and private services", () => {
  it("stops in order within 15 s on a Ctrl-C to its process group, dies with a SIGKILLed up, keeps the data, and lets no other user in", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tollgate-up-"));
    dirs.push(dataDir);
    // A data dir from an older version: world-readable.
    await chmod(dataDir, 0o755);
    await mkdir(path.join(dataDir, "redis"), { mode: 0o755 });
    const port = await freePort();

    // First start.
    const first = startUp(dataDir, port);
    await first.running;
    const procs = processesOf(dataDir);
    const redisProc = procs.find((p) => p.cmd.startsWith("redis-server"));
    expect(redisProc, JSON.stringify(procs)).toBeDefined();
    expect(procs.length).toBeGreaterThanOrEqual(4); // up, web, worker, redis-server
    // Every child in a process group of its own: a terminal's Ctrl-C reaches only `up`.
    const services = procs.filter((p) => /\.data\/build\/(web|worker)\.mjs|^redis-server/.test(p.cmd));
    expect(services.map((p) => p.cmd.split(" ").at(-1))).toHaveLength(3);
    for (const p of services) expect(p.pgid, p.cmd).not.toBe(first.child.pid);

    const { databaseUrl, redisPassword, redisPort } = await connections(dataDir);
    await query(databaseUrl, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    const redis = new Redis({ port: redisPort, host: "127.0.0.1", password: redisPassword, lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    await redis.set("tollgate:test:kept", "yes");
    redis.disconnect();

    // Item 12: private data dir, a password on Redis that is never shown, Postgres not reachable by another user.
    expect(modeOf(dataDir)).toBe(0o700);
    for (const sub of ["pglite", "redis", "run"]) expect(modeOf(path.join(dataDir, sub)), sub).toBe(0o700);
    expect(modeOf(path.join(dataDir, "secrets.json"))).toBe(0o600);
    expect(modeOf(path.join(dataDir, "redis", "redis.conf"))).toBe(0o600);
    expect(redisPassword).toMatch(/^[0-9a-f]{64}$/);
    expect(first.output()).not.toContain(redisPassword);
    expect(redisProc!.cmd).not.toContain(redisPassword);
    expect(await askRedisWithoutPassword(redisPort, "GET tollgate:test:kept")).toMatch(/^-NOAUTH/);
    expect(databaseUrl).not.toMatch(/127\.0\.0\.1|:\d+\//); // no TCP port
    if (isRoot) {
      const asNobody = spawnSync("runuser", ["-u", "nobody", "--", "psql", databaseUrl, "-c", "SELECT 1"], { encoding: "utf8" });
      expect(asNobody.status, asNobody.stdout).not.toBe(0);
      expect(asNobody.stderr).toMatch(/Permission denied/);
    }

    // Ctrl-C: the terminal signals the whole process group.
    const signalledAt = Date.now();
    process.kill(-first.child.pid!, "SIGINT");
    const stopped = await first.exited;
    expect(stopped.at - signalledAt, first.output().slice(-2000)).toBeLessThan(15_000);
    // npm re-raises the Ctrl-C on itself once its script has finished (as for any script).
    expect(stopped).toMatchObject({ code: null, signal: "SIGINT" });
    expect(processesOf(dataDir)).toEqual([]);
    const out = first.output();
    expect(out).toContain('"msg":"worker stopped"');
    expect(out).not.toMatch(/ECONNREFUSED/);
    expect(out).not.toContain("killing what is left"); // one Ctrl-C, delivered twice, is not a second one

    // Second start: the data is there. Then `up` alone is SIGKILLed: its children stop themselves.
    const second = startUp(dataDir, port);
    await second.running;
    const again = await connections(dataDir);
    expect(await query(again.databaseUrl, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    const redis2 = new Redis({ port: again.redisPort, host: "127.0.0.1", password: again.redisPassword, lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis2.connect();
    expect(await redis2.get("tollgate:test:kept")).toBe("yes");
    redis2.disconnect();
    const upProcess = processesOf(dataDir).find((p) => p.cmd.endsWith("--import tsx scripts/up.ts"));
    expect(upProcess).toBeDefined();
    process.kill(upProcess!.pid, "SIGKILL");
    await second.exited;
    expect(await waitUntilNone(dataDir, 15_000)).toEqual([]);

    // Third start after the SIGKILL: still intact; a SIGTERM to the group stops it too.
    const third = startUp(dataDir, port);
    await third.running;
    expect(await query((await connections(dataDir)).databaseUrl, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    const termAt = Date.now();
    process.kill(-third.child.pid!, "SIGTERM"); // as a supervisor stops a service: its whole group
    // npm itself exits on SIGTERM at once, without waiting for its script; `up` carries on stopping in order.
    expect(await third.exited).toMatchObject({ code: null, signal: "SIGTERM" });
    expect(await waitUntilNone(dataDir, 15_000 - (Date.now() - termAt))).toEqual([]);
    expect(third.output()).toContain('"msg":"worker stopped"');
    expect(third.output()).not.toContain("killing what is left");
  }, 420_000);
});
