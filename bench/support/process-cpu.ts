// CPU time of a benchmark participant, read from /proc (Linux).
import { readFileSync } from "node:fs";

/**
 * A process's CPU time so far (user + system, µs) with that of its children, live (a cluster's web
 * processes, Postgres backends) and exited (a backend of a closed connection, reaped by the postmaster),
 * from /proc (Linux; clock ticks of 10 ms).
 */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const own = ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1e6) / CLOCK_TICKS_PER_S;
  return own + childPids(pid).reduce((n, child) => n + childCpuMicros(child), 0);
}

/** A child that exited since it was listed counts 0 here; its time reaches the parent's once reaped. */
function childCpuMicros(pid: number): number {
  try {
    return cpuMicros(pid);
  } catch {
    return 0;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
const CLOCK_TICKS_PER_S = 100;
