// Who wrote a usage-journal file, and whether that writer is still alive.
// A writer is one journal in one process: pid, the process's start time (so
// a recycled pid, as in a container restarted as pid 1, is not mistaken for
// the dead writer) and a per-process counter (several journals in one process,
// as in tests). Linux reads /proc; elsewhere only the pid is checked.
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";

export interface JournalWriter {
  pid: number;
  start: string;
  instance: number;
}

const FILE_NAME = /^usage-(\d+)-(\d+)-(\d+)-(\d+)\.jsonl$/;
/** Writers open in this process right now (journals not yet closed). */
const openHere = new Set<string>();
let instances = 0;

const writerKey = (w: JournalWriter) => `${w.pid}-${w.start}-${w.instance}`;

/** The `starttime` field of /proc/<pid>/stat, "0" when there is no /proc; null when gone (or a zombie). */
function parseStart(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return null;
  return fields[19] ?? null;
}

export function registerWriter(): JournalWriter {
  let start = "0";
  try {
    start = parseStart(readFileSync(`/proc/${process.pid}/stat`, "utf8")) ?? "0";
  } catch {
    // no /proc: liveness falls back to the pid alone
  }
  const writer = { pid: process.pid, start, instance: ++instances };
  openHere.add(writerKey(writer));
  return writer;
}

export function unregisterWriter(writer: JournalWriter): void {
  openHere.delete(writerKey(writer));
}

export function segmentFileName(writer: JournalWriter, seq: number): string {
  return `usage-${writerKey(writer)}-${String(seq).padStart(8, "0")}.jsonl`;
}

export function parseSegmentFileName(name: string): { writer: JournalWriter; seq: number } | null {
  const m = FILE_NAME.exec(name);
  if (!m) return null;
  return { writer: { pid: Number(m[1]), start: m[2]!, instance: Number(m[3]) }, seq: Number(m[4]) };
}

export async function isWriterAlive(writer: JournalWriter): Promise<boolean> {
  if (writer.pid === process.pid) return openHere.has(writerKey(writer));
  if (writer.start !== "0") {
    const stat = await readFile(`/proc/${writer.pid}/stat`, "utf8").catch(() => undefined);
    if (stat !== undefined) return parseStart(stat) === writer.start;
    const hasProc = await readFile("/proc/self/stat", "utf8").then(() => true, () => false);
    if (hasProc) return false;
  }
  try {
    process.kill(writer.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
