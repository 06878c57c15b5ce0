// A local, append-only journal for usage events that cannot reach Redis.
// One process writes its own files (segments) through a buffered append
// stream, never a synchronous fs call per event; the emitter reads them back
// in order and commits a read only after Redis has the batch. Fully sent
// segments are deleted. A process that starts adopts the files of writers that
// are gone (renamed to its own name, so two starting processes never take
// the same file) and replays them first. Replays may repeat a tail that was
// already sent (a crash between send and commit): ingest is idempotent per
// request id and attempt, so that is safe.
import { createWriteStream, constants, type WriteStream } from "node:fs";
import { access, mkdir, open, readdir, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../log/logger";
import { isWriterAlive, parseSegmentFileName, registerWriter, segmentFileName, unregisterWriter, type JournalWriter } from "./journal-writer";

const READ_CHUNK = 4 * 1024 * 1024;
/** Bytes waiting in the append stream (disk slower than traffic) beyond which events are refused. */
const MAX_BUFFERED = 32 * 1024 * 1024;
const MAX_SEGMENT = 64 * 1024 * 1024;

interface Segment {
  path: string;
  /** Bytes appended (own segment) or found on disk (adopted). */
  size: number;
  readOffset: number;
  stream: WriteStream | null;
  /** Until its stream has closed, bytes may still be on their way to the file. */
  writing: boolean;
  closed: Promise<void>;
  fd: FileHandle | null;
}

export interface JournalBatch {
  lines: string[];
  /** Marks the batch as delivered: it is not read again (unless the process dies before the segment is deleted). */
  commit: () => void;
}

export type JournalRefusal = "full" | "behind" | "failed" | "closed";

export interface UsageJournalOptions {
  dir: string;
  /** Bound on the bytes this journal holds on disk (its own and adopted files). */
  maxBytes: number;
  log: Logger;
  segmentBytes?: number;
}

export class UsageJournal {
  private segments: Segment[] = [];
  private active: Segment | null = null;
  private seq = 0;
  private held = 0;
  private failed = false;
  private closed = false;
  private readonly writer: JournalWriter = registerWriter();
  private readonly pendingRemovals = new Set<Promise<void>>();
  private readonly segmentBytes: number;
  /** Why the last append was refused. */
  refusal: JournalRefusal | null = null;

  private constructor(private readonly options: UsageJournalOptions) {
    this.segmentBytes = options.segmentBytes ?? Math.max(4096, Math.min(MAX_SEGMENT, Math.floor(options.maxBytes / 4)));
  }

  /** Creates the directory (mode 700) and adopts what dead writers left. Throws when the directory is unusable. */
  static async open(options: UsageJournalOptions): Promise<UsageJournal> {
    try {
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      await access(options.dir, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new Error(`usage journal directory ${options.dir} is not usable: ${(error as Error).message}`);
    }
    const journal = new UsageJournal(options);
    await journal.adoptOrphans();
    return journal;
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Bytes held on disk (or on their way there), sent or not, until their segment is deleted. */
  get bytes(): number {
    return this.held;
  }

  /** Nothing left to send. */
  get empty(): boolean {
    return this.segments.every((s) => s.readOffset >= s.size);
  }

  /** Appends one event (a JSON line without newline). Returns false, with `refusal` set, when it cannot. */
  append(line: string): boolean {
    const refusal = this.closed ? "closed" : this.failed ? "failed" : null;
    if (refusal) return this.refuse(refusal);
    const bytes = Buffer.byteLength(line) + 1;
    if (this.held + bytes > this.options.maxBytes) return this.refuse("full");
    let s = this.active;
    if (!s || s.size >= this.segmentBytes) s = this.startSegment();
    if (s.stream!.writableLength > MAX_BUFFERED) return this.refuse("behind");
    s.stream!.write(`${line}\n`);
    s.size += bytes;
    this.held += bytes;
    return true;
  }

  /** The oldest unsent lines (up to maxLines), or null when none is readable yet. */
  async read(maxLines: number): Promise<JournalBatch | null> {
    for (;;) {
      const s = this.segments[0];
      if (!s) return null;
      if (s.readOffset >= s.size) {
        if (s === this.active) return null;
        await this.remove(s);
        continue;
      }
      if (!s.fd) {
        const fd = await open(s.path, "r").catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT" && s.writing) return null; // its stream has not created the file yet
          throw error;
        });
        if (!fd) return null;
        s.fd = fd;
      }
      const want = Math.min(READ_CHUNK, s.size - s.readOffset);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await s.fd.read(buf, 0, want, s.readOffset);
      const end = bytesRead > 0 ? buf.subarray(0, bytesRead).lastIndexOf(0x0a) : -1;
      if (end < 0) {
        if (s.writing) return null; // the rest is still on its way to the file
        // No complete line left in a finished file: the writer died mid-line, or the bytes never made it to disk.
        this.options.log.warn({ file: s.path, bytes: s.size - s.readOffset }, "usage journal: incomplete last line skipped");
        s.readOffset = s.size;
        continue;
      }
      return this.takeLines(s, buf.subarray(0, end).toString("utf8"), maxLines);
    }
  }

  /** Deletes every segment whose lines were all sent, the one being appended to included (call when no appends are expected). */
  release(): void {
    for (const s of this.segments.filter((x) => x.readOffset >= x.size)) {
      const removal = this.remove(s).finally(() => this.pendingRemovals.delete(removal));
      this.pendingRemovals.add(removal);
    }
  }

  /** Adopts (renames to this writer) the files of writers that are gone, oldest first, to replay them before anything newer. */
  async adoptOrphans(): Promise<number> {
    const found = (await readdir(this.options.dir))
      .map((name) => ({ name, parsed: parseSegmentFileName(name) }))
      .filter((f): f is { name: string; parsed: NonNullable<typeof f.parsed> } => f.parsed !== null)
      .sort((a, b) => compareWriters(a.parsed, b.parsed));
    const alive = new Map<string, boolean>();
    const adopted: Segment[] = [];
    const from = new Set<number>();
    for (const { name, parsed } of found) {
      const key = `${parsed.writer.pid}-${parsed.writer.start}-${parsed.writer.instance}`;
      if (!alive.has(key)) alive.set(key, await isWriterAlive(parsed.writer));
      if (alive.get(key)) continue;
      const target = path.join(this.options.dir, segmentFileName(this.writer, ++this.seq));
      try {
        await rename(path.join(this.options.dir, name), target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // another process adopted it first
        throw error;
      }
      const { size } = await stat(target);
      if (size === 0) {
        await unlink(target);
        continue;
      }
      from.add(parsed.writer.pid);
      adopted.push({ path: target, size, readOffset: 0, stream: null, writing: false, closed: Promise.resolve(), fd: null });
    }
    if (adopted.length === 0) return 0;
    const at = this.active ? this.segments.indexOf(this.active) : this.segments.length;
    this.segments.splice(at, 0, ...adopted);
    const bytes = adopted.reduce((n, s) => n + s.size, 0);
    this.held += bytes;
    this.options.log.warn({ files: adopted.length, bytes, fromPids: [...from], dir: this.options.dir }, "usage journal: replaying events left by a process that is gone");
    return adopted.length;
  }

  /** Flushes and closes. Unsent segments stay on disk for the next process; sent ones are deleted. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.active) this.seal(this.active);
    await Promise.all([...this.pendingRemovals]);
    for (const s of this.segments) {
      await s.closed;
      await s.fd?.close();
      s.fd = null;
      if (s.readOffset >= s.size) await unlink(s.path).catch(() => {});
    }
    unregisterWriter(this.writer);
  }

  private refuse(reason: JournalRefusal): false {
    this.refusal = reason;
    return false;
  }

  private takeLines(s: Segment, text: string, maxLines: number): JournalBatch {
    const all = text.split("\n");
    const taken = all.length > maxLines ? all.slice(0, maxLines) : all;
    let consumed = 0;
    const lines: string[] = [];
    let skipped = 0;
    for (const line of taken) {
      consumed += Buffer.byteLength(line) + 1;
      if (line.startsWith("{") && line.endsWith("}")) lines.push(line);
      else if (line !== "") skipped++;
    }
    if (skipped) this.options.log.warn({ file: s.path, skipped }, "usage journal: unreadable lines skipped");
    const next = s.readOffset + consumed;
    return {
      lines,
      commit: () => {
        s.readOffset = Math.max(s.readOffset, next);
      },
    };
  }

  private startSegment(): Segment {
    if (this.active) this.seal(this.active);
    const file = path.join(this.options.dir, segmentFileName(this.writer, ++this.seq));
    const stream = createWriteStream(file, { flags: "a", mode: 0o600 });
    const s: Segment = { path: file, size: 0, readOffset: 0, stream, writing: true, closed: Promise.resolve(), fd: null };
    s.closed = new Promise<void>((resolve) =>
      stream.once("close", () => {
        s.writing = false;
        resolve();
      }),
    );
    stream.on("error", (error: Error) => {
      if (!this.failed) this.options.log.error({ err: error.message, file }, "usage journal write failed: usage events that cannot reach Redis are dropped until restart");
      this.failed = true;
    });
    this.segments.push(s);
    this.active = s;
    return s;
  }

  private seal(s: Segment): void {
    s.stream?.end();
    s.stream = null;
    if (this.active === s) this.active = null;
  }

  private async remove(s: Segment): Promise<void> {
    const at = this.segments.indexOf(s);
    if (at < 0) return;
    this.segments.splice(at, 1);
    this.held -= s.size;
    this.seal(s);
    await s.closed;
    await s.fd?.close();
    s.fd = null;
    await unlink(s.path).catch(() => {});
  }
}

function compareWriters(a: { writer: JournalWriter; seq: number }, b: { writer: JournalWriter; seq: number }): number {
  return Number(a.writer.start) - Number(b.writer.start) || a.writer.pid - b.writer.pid || a.writer.instance - b.writer.instance || a.seq - b.seq;
}
