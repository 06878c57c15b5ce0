import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../log/logger";
import { UsageJournal, type UsageJournalOptions } from "./usage-journal";

const log = createLogger({ name: "test", level: "silent" });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), "tollgate-journal-test-"));
  dirs.push(d);
  return path.join(d, "usage-journal");
}
const line = (i: number) => JSON.stringify({ requestId: `r_${i}`, n: i });
const open = (o: Partial<UsageJournalOptions> & { dir: string }) => UsageJournal.open({ maxBytes: 1024 * 1024, log, ...o });

/** Reads and commits everything, as the emitter does once Redis takes each batch. */
async function drain(j: UsageJournal, maxLines = 1000): Promise<string[]> {
  const out: string[] = [];
  for (let spins = 0; !j.empty && spins < 10_000; spins++) {
    const batch = await j.read(maxLines);
    if (!batch) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    out.push(...batch.lines);
    batch.commit();
  }
  return out;
}

describe("usage journal", () => {
  it("gives lines back in order across segments, re-reads what was not committed, and deletes what was sent", async () => {
    const dir = tempDir();
    const j = await open({ dir, segmentBytes: 4096 });
    for (let i = 0; i < 500; i++) expect(j.append(line(i))).toBe(true);
    let first = await j.read(50);
    while (!first) first = await j.read(50); // until the stream has written some
    expect(readdirSync(dir).length).toBeGreaterThan(3); // rotated
    expect(first.lines[0]).toBe(line(0));
    const again = await j.read(50); // not committed: the same lines
    expect(again!.lines).toEqual(first.lines);
    const rest = await drain(j, 70);
    expect(rest).toEqual(Array.from({ length: 500 }, (_, i) => line(i)));
    expect(j.empty).toBe(true);
    j.release();
    await j.close();
    expect(readdirSync(dir)).toEqual([]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("refuses appends beyond its byte bound and says why", async () => {
    const j = await open({ dir: tempDir(), maxBytes: 64 * 1024 });
    let accepted = 0;
    for (let i = 0; i < 5000; i++) if (j.append(line(i))) accepted++;
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(5000);
    expect(j.refusal).toBe("full");
    expect(j.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(await drain(j)).toHaveLength(accepted);
    await j.close();
  });

  it("leaves unsent lines on close; the next journal adopts and replays them first, sent ones are gone", async () => {
    const dir = tempDir();
    const a = await open({ dir });
    for (let i = 0; i < 100; i++) a.append(line(i));
    let batch = await a.read(30);
    while (!batch) batch = await a.read(30);
    batch.commit(); // 0..29 delivered, but the segment is not deleted yet
    await a.close();
    const [file] = readdirSync(dir);
    expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);

    const b = await open({ dir });
    expect(b.empty).toBe(false);
    b.append(line(100)); // new lines go behind the adopted ones
    // The whole left-over file is replayed (a duplicate of 0..29 is harmless: ingest is idempotent).
    expect(await drain(b)).toEqual(Array.from({ length: 101 }, (_, i) => line(i)));
    b.release(); // everything sent: the adopted file and its own are deleted while it keeps running
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)).toEqual([]);
    await b.close();
  });

  it("does not adopt the files of a journal that is still open, in this process or in another live one", async () => {
    const dir = tempDir();
    const a = await open({ dir });
    a.append(line(1));
    await new Promise((r) => setTimeout(r, 50));
    // pid 1 is alive: a file named with its real start time belongs to a live writer.
    const stat = readFileSync("/proc/1/stat", "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    writeFileSync(path.join(dir, `usage-1-${start}-1-00000001.jsonl`), `${line(2)}\n`);
    const b = await open({ dir });
    expect(b.empty).toBe(true);
    await b.close();
    await a.close();
  });

  it("adopts files whose writer is gone (exited pid, or a recycled pid), skipping a torn last line", async () => {
    const dir = tempDir();
    const j0 = await open({ dir });
    await j0.close();
    const gonePid = spawnSync("true").pid!;
    writeFileSync(path.join(dir, `usage-${gonePid}-4242-1-00000001.jsonl`), `${line(1)}\n${line(2)}\n{"requestId":"r_tor`);
    // Our own pid with another start time: the pid was recycled (a container restarted as the same pid).
    writeFileSync(path.join(dir, `usage-${process.pid}-1-1-00000001.jsonl`), `${line(3)}\n`);
    appendFileSync(path.join(dir, "unrelated.txt"), "left alone");
    const j = await open({ dir });
    expect((await drain(j)).sort()).toEqual([line(1), line(2), line(3)].sort());
    await j.close();
    expect(readdirSync(dir)).toEqual(["unrelated.txt"]);
  });

  it("lets exactly one of two starting processes adopt each orphaned file", async () => {
    const dir = tempDir();
    const writer = await open({ dir, segmentBytes: 4096 });
    for (let i = 0; i < 1000; i++) writer.append(line(i));
    await writer.close();
    const files = readdirSync(dir).length;
    expect(files).toBeGreaterThan(3);
    const [a, b] = await Promise.all([open({ dir }), open({ dir })]);
    const [la, lb] = await Promise.all([drain(a), drain(b)]);
    expect(la.length).toBeGreaterThan(0);
    expect(lb.length).toBeGreaterThan(0);
    expect([...la, ...lb].sort()).toEqual(Array.from({ length: 1000 }, (_, i) => line(i)).sort());
    await Promise.all([a.close(), b.close()]);
  });

  it("fails at start with a clear message when the directory cannot be used", async () => {
    const base = tempDir();
    writeFileSync(path.dirname(base) + "/file", "x");
    await expect(open({ dir: path.join(path.dirname(base), "file", "journal") })).rejects.toThrow(/usage journal directory .* is not usable/);
  });
});
