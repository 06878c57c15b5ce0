// Starts a benchmark participant as its own process and waits until it says it is ready.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export async function startProcess(name: string, args: string[], env: Record<string, string>, ready: RegExp, options: { cwd?: string } = {}): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${name} not ready after 60 s:\n${out.slice(-2000)}`)), 60_000).unref();
  });
  child.stdout!.removeAllListeners("data");
  child.stderr!.removeAllListeners("data");
  // BENCH_PROCESS_LOG_DIR keeps each participant's output (<name>.log) for when a run goes wrong.
  const logDir = process.env.BENCH_PROCESS_LOG_DIR;
  if (logDir) {
    const log = createWriteStream(path.join(logDir, `${name.replace(/[^\w.-]+/g, "-")}.log`));
    log.write(out);
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
