// TOLLGATE_WEB_PROCESSES > 1: this process forks that many web processes
// (node:cluster), which share the one listening port, and supervises them.
// Each is an instance like a replica on another host: budgets, rate limits,
// local-model slots and cool-downs are counted in Redis, cache invalidations
// reach every process over pub/sub, and each has its own usage journal file
// (the journal directory takes several writers). A process that dies is
// replaced; SIGTERM / SIGINT are passed on and the supervisor exits once
// every web process has finished its own graceful shutdown.
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../log/logger";

const RESTART_DELAY_MS = 1000;

export function superviseWebProcesses(count: number, log: Logger): void {
  // The kernel hands connections to the web processes (each accepts on the shared socket), not node's
  // round-robin in this process: round-robin hands a connection to a process that may have just died,
  // and that connection then hangs until the client gives up. Here it stays queued for a live process.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  let listening = 0;
  const fork = () => cluster.fork();
  cluster.on("listening", () => {
    if (++listening === count) log.info({ processes: count }, "web processes listening");
  });
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, "a web process exited; starting another");
    setTimeout(() => !stopping && fork(), RESTART_DELAY_MS).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "web processes stopping");
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.process.kill(signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  for (let i = 0; i < count; i++) fork();
}
