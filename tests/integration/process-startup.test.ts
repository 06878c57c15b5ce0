// Start-up behaviour of the real entry points, as separate processes:
// bad configuration stops them with one readable line; the worker shuts
// down cleanly on SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../support/local-services";

const root = path.resolve(import.meta.dirname, "../..");

function run(script: string, env: Record<string, string | undefined>, opts: { untilStdout?: RegExp; thenSignal?: NodeJS.Signals } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      if (opts.untilStdout?.test(stdout) && opts.thenSignal) child.kill(opts.thenSignal);
    });
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const realishLines = (text: string) => text.split("\n").filter((l) => l.trim() && !l.startsWith("npm warn"));

describe("worker start-up", () => {
  it("stops with one line naming DATABASE_URL when it is malformed", async () => {
    const out = await run("workers/index.ts", { DATABASE_URL: "mysql://nope", REDIS_URL: inject("redisUrl") });
    expect(out.code).toBe(78);
    expect(realishLines(out.stderr)).toEqual(["[tollgate worker] configuration error: DATABASE_URL: must be a URL like postgresql://user:pass@host:5432/db"]);
  });

  it("stops with one line naming REDIS_URL when Redis is unreachable", async () => {
    const port = await freePort();
    const out = await run("workers/index.ts", { DATABASE_URL: inject("databaseServerUrl"), REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(out.code).toBe(78);
    const lines = realishLines(out.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[tollgate worker\] configuration error: REDIS_URL: Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+/);
  });

  it("stops with one line naming DATABASE_URL when Postgres is unreachable, without printing the password", async () => {
    const port = await freePort();
    const out = await run("workers/index.ts", { DATABASE_URL: `postgresql://u:hunter2@127.0.0.1:${port}/db`, REDIS_URL: inject("redisUrl") });
    expect(out.code).toBe(78);
    expect(realishLines(out.stderr)).toHaveLength(1);
    expect(out.stderr).toMatch(/DATABASE_URL: Postgres is not reachable at postgresql:\/\/u:\*\*\*@127\.0\.0\.1/);
    expect(out.stderr).not.toContain("hunter2");
  });

  it("runs, then closes its workers and exits 0 on SIGTERM", async () => {
    const out = await run(
      "workers/index.ts",
      { DATABASE_URL: inject("databaseServerUrl"), REDIS_URL: inject("redisUrl") },
      { untilStdout: /worker started/, thenSignal: "SIGTERM" },
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/"msg":"worker stopped"/);
  });

  it("holds a SIGTERM that comes while it is still starting, then starts, closes and exits 0", async () => {
    const out = await run(
      "workers/index.ts",
      { DATABASE_URL: inject("databaseServerUrl"), REDIS_URL: inject("redisUrl") },
      { untilStdout: /worker starting/, thenSignal: "SIGTERM" },
    );
    expect(out.code).toBe(0);
    const order = [...out.stdout.matchAll(/"msg":"(worker [a-z]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(["worker starting", "worker started", "worker stopping", "worker stopped"]);
  });
});

describe("npm run up start-up", () => {
  it("stops with one line naming the variable when configuration is bad", async () => {
    const out = await run("scripts/up.ts", { DATABASE_URL: "not a url", TOLLGATE_DATA_DIR: "/tmp/tollgate-unused" });
    expect(out.code).toBe(78);
    expect(realishLines(out.stderr)).toEqual(["[tollgate up] configuration error: DATABASE_URL: must be a URL like postgresql://user:pass@host:5432/db"]);
  });

  it("rejects a weak admin password before touching anything", async () => {
    const out = await run("scripts/up.ts", { TOLLGATE_ADMIN_PASSWORD: "short", TOLLGATE_DATA_DIR: "/tmp/tollgate-unused" });
    expect(out.code).toBe(78);
    expect(out.stderr).toContain("TOLLGATE_ADMIN_PASSWORD: must be at least 12 characters");
    expect(out.stderr).not.toContain("short");
  });
});
