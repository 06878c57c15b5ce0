// Starts private Postgres and Redis servers on free loopback ports with
// throw-away data directories, for the test command and the benchmarks.
// Nothing else on the machine is touched.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../lib/runtime/free-port";

export { freePort };

export interface LocalService {
  url: string;
  version: string;
  stop: () => Promise<void>;
  /** The server's process id (Postgres: the postmaster; its backends are its children), for measuring its CPU time. */
  pid: () => number;
}

export interface LocalPostgres extends LocalService {
  /** Stops the server but keeps its data (an outage). */
  pause: () => void;
  /** Starts it again on the same port. */
  resume: () => void;
}

function findPostgresBin(): string {
  const candidates = ["/usr/lib/postgresql"].filter(existsSync).flatMap((root) =>
    readdirSync(root)
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(root, v, "bin")),
  );
  const bin = candidates.find((dir) => existsSync(path.join(dir, "initdb")));
  if (!bin) throw new Error("PostgreSQL server binaries not found (apt-get install postgresql)");
  return bin;
}

// Postgres refuses to run as root; run its binaries as the postgres user then.
function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ["runuser", ["-u", "postgres", "--", cmd, ...args]];
}

function run(cmd: string, args: string[]): string {
  const [c, a] = asPostgresUser(cmd, args);
  const result = spawnSync(c, a, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/**
 * `durable: false` (default) trades crash safety for speed; outage tests need durable commits.
 * `keepIn`: a directory that keeps the data between runs (the large benchmark data set) instead of a throw-away one.
 */
export async function startPostgres(options: { durable?: boolean; keepIn?: string } = {}): Promise<LocalPostgres> {
  const bin = findPostgresBin();
  const dir = options.keepIn ?? mkdtempSync(path.join(os.tmpdir(), "tollgate-pg-"));
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, "data");
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) run(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const start = () =>
    run(path.join(bin, "pg_ctl"), [
      "-D", dataDir, "-l", path.join(dir, "postgres.log"), "-w", "-t", "60",
      "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${options.durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"}`,
      "start",
    ]);
  start();
  const version = run(path.join(bin, "postgres"), ["--version"]).trim();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    version,
    pid: () => Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]),
    pause: () => void run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]),
    resume: start,
    stop: async () => {
      spawnSync(...asPostgresUser(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", options.keepIn ? "fast" : "immediate", "-w", "stop"]));
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresIds(): { uid: number; gid: number } {
  const out = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error("running as root needs a 'postgres' user (apt-get install postgresql creates it)");
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface LocalRedis extends LocalService {
  /** SIGSTOP: the server hangs (connections open, no answers), as a wedged Redis does. */
  pause: () => void;
  resume: () => void;
}

export async function startRedis(): Promise<LocalRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--databases", "32"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const ready = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve(out);
    });
  });
  void ready;
  const versionLine = spawnSync("redis-server", ["--version"], { encoding: "utf8" }).stdout;
  const version = /v=([\d.]+)/.exec(versionLine)?.[1] ?? "unknown";
  return {
    url: `redis://127.0.0.1:${port}/0`,
    version: `Redis ${version}`,
    pid: () => child.pid!,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    stop: async () => {
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
