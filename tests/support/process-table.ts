// The machine's processes, read from /proc (no procps needed on a fresh
// machine): what tests need to find the processes an entry point started.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** One letter, as in ps: "Z" is exited, not yet reaped. */
  state: string;
  /** The command line, arguments joined by spaces. */
  cmd: string;
  /** The environment as /proc holds it (NUL-separated), read when asked. */
  environ: () => string;
}

export function listProcesses(): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      // The fields after the command's closing parenthesis (the command may hold spaces or parentheses): state, ppid, pgrp, ...
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "latin1").replaceAll("\0", " ").trim();
      found.push({ pid: Number(entry), ppid: Number(ppid), pgid: Number(pgid), state: state!, cmd, environ: () => readFileSync(`/proc/${entry}/environ`, "latin1") });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
