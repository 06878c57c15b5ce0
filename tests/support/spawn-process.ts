// Runs one of Tollgate's entry points as a real child process for tests.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  /** Resolves when stdout matches, rejects if the process exits first. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

export function spawnEntry(script: string, env: Record<string, string>): Spawned {
  // node --import tsx, not the tsx CLI: signals then reach the process itself, as in production.
  // A web process's usage journal goes to a private directory (not the checkout's .data), removed on exit, unless the test names one.
  const journalDir = env.TOLLGATE_USAGE_JOURNAL_DIR ? undefined : mkdtempSync(path.join(os.tmpdir(), "tollgate-spawn-journal-"));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, TOLLGATE_LOG_LEVEL: "info", TOLLGATE_USAGE_JOURNAL_DIR: journalDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      if (journalDir) rmSync(journalDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (pattern.test(out)) done(resolve);
        }, 20);
        const timeout = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out.slice(-2000)}`))), timeoutMs);
        void exited.then((code) => done(() => (pattern.test(out) ? resolve() : reject(new Error(`exited (${code}) before ${pattern}; output:\n${out.slice(-2000)}`)))));
        function done(fn: () => void) {
          clearInterval(timer);
          clearTimeout(timeout);
          fn();
        }
      }),
  };
}
