// Appends usage events to the Redis stream from the hot path without making
// the response wait: events queue in memory and go out once per event-loop
// turn, packed several to a stream entry (lib/usage/usage-stream.ts). When Redis does not take them (the memory
// queue is full, or no batch got through for `spillAfterMs`), new events spill
// to the local journal (lib/usage/usage-journal.ts) and keep going there
// until Redis takes a batch from it again; the journal is always sent before
// the memory queue, so the stream receives events in order. close() (SIGTERM)
// flushes to Redis or, if Redis is down, to the journal.
import type { Redis } from "ioredis";
import type { Logger } from "../log/logger";
import type { UsageEventInput } from "./usage-event-schema";
import { UsageJournal } from "./usage-journal";
import { clearUnsentUsage, publishUnsentUsage, unsentUsageField } from "./unsent-usage-marker";
import { packUsageEntries, USAGE_BATCH_FIELD, USAGE_STREAM_KEY } from "./usage-stream";

const BATCH = 5000;
const RETRY_MS = 500;
const DROP_LOG_EVERY_MS = 10_000;
// A backlog older than this is published for reconcile (lib/usage/unsent-usage-marker.ts), every MARK_EVERY_MS.
const MARK_AFTER_MS = 2000;
const MARK_EVERY_MS = 5000;
export const DEFAULT_USAGE_QUEUE_MAX = 200_000;
export const DEFAULT_USAGE_JOURNAL_MAX_BYTES = 2 * 1024 ** 3;

export interface UsageEmitterOptions {
  /** Events held in memory while Redis does not take them; beyond this they spill to the journal (dropped without one). */
  maxQueued?: number;
  /** No batch taken by Redis for this long: Redis counts as down and new events spill to the journal. */
  spillAfterMs?: number;
  journal?: UsageJournal;
}

interface Batch {
  lines: string[];
  /** Journal batches: mark them delivered. */
  commit?: () => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class UsageEmitter {
  private queue: string[] = [];
  /** The memory batch Redis has not confirmed; `journaled` once a copy is in the journal. */
  private inFlight: { lines: string[]; journaled: boolean; at: number } | null = null;
  /**
   * Every event emitted before this time is confirmed by Redis (FIFO: journal, then memory). Advanced
   * when a memory batch is confirmed with the journal empty, to when that batch left the queue; 0 while
   * a journal adopted from a dead process is unsent (its events' times are unknown).
   */
  private confirmedThrough = Date.now();
  private marked = false;
  private markTimer: NodeJS.Timeout | null = null;
  private readonly markField = unsentUsageField();
  private spilling = false;
  private stalledSince = 0;
  private pumping = false;
  private scheduled = false;
  private closed = false;
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private readonly maxQueued: number;
  private readonly spillAfterMs: number;
  private readonly journal: UsageJournal | undefined;
  /** Events lost (journal full or unusable, or no journal and the memory queue full). */
  dropped = 0;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    options: UsageEmitterOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? DEFAULT_USAGE_QUEUE_MAX;
    this.spillAfterMs = options.spillAfterMs ?? 2000;
    this.journal = options.journal;
  }

  /** An emitter with a journal in `journalDir`; replays what dead processes left there. Throws if the directory is unusable. */
  static async start(redis: Redis, log: Logger, options: Omit<UsageEmitterOptions, "journal"> & { journalDir?: string; journalMaxBytes?: number }): Promise<UsageEmitter> {
    const journal = options.journalDir ? await UsageJournal.open({ dir: options.journalDir, maxBytes: options.journalMaxBytes ?? DEFAULT_USAGE_JOURNAL_MAX_BYTES, log }) : undefined;
    const emitter = new UsageEmitter(redis, log, { ...options, journal });
    if (journal && !journal.empty) {
      emitter.confirmedThrough = 0;
      emitter.schedule();
    }
    emitter.markTimer = setInterval(() => void emitter.markBacklog(), MARK_EVERY_MS);
    emitter.markTimer.unref();
    return emitter;
  }

  emit(event: UsageEventInput): void {
    if (this.closed) return this.drop(1);
    // Nothing pending: everything emitted so far is confirmed.
    if (this.queue.length === 0 && this.inFlight === null && !this.spilling && (!this.journal || this.journal.empty)) this.confirmedThrough = Date.now();
    const line = JSON.stringify(event);
    if (!this.spilling && this.journal && (this.queue.length >= this.maxQueued || this.stalled())) this.spill();
    if (this.spilling) {
      if (!this.journal!.append(line)) this.drop(1);
    } else if (this.queue.length >= this.maxQueued) {
      this.drop(1);
    } else {
      this.queue.push(line);
    }
    this.schedule();
  }

  /** Events in memory not yet confirmed by Redis. */
  get pending(): number {
    return this.queue.length + (this.inFlight?.lines.length ?? 0);
  }

  /** Bytes the journal holds on disk (0 without one). */
  get journalBytes(): number {
    return this.journal?.bytes ?? 0;
  }

  /** Resolves once everything queued (memory and journal) is in Redis, or after `timeoutMs`; true when nothing is left. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.schedule();
    while (this.hasWork() && Date.now() < deadline) await sleep(20);
    return !this.hasWork();
  }

  /**
   * For shutdown: sends what is queued until `timeoutMs` passes or Redis is seen down, then writes
   * what is still in memory to the journal. Returns how many events are lost (neither in Redis nor journaled).
   */
  async close(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    this.schedule();
    while (this.hasWork() && Date.now() < deadline && !(this.journal && this.redisDown())) await sleep(50);
    this.closed = true;
    if (this.markTimer) clearInterval(this.markTimer);
    const left = [...(this.inFlight && !this.inFlight.journaled ? this.inFlight.lines : []), ...this.queue];
    this.queue = [];
    if (this.inFlight) this.inFlight.journaled = true;
    let lost = left.length;
    if (this.journal) {
      lost = left.filter((line) => !this.journal!.append(line)).length;
      await this.journal.close();
      if (!this.journal.empty) {
        this.log.warn({ journalBytes: this.journal.bytes, dir: this.journal.dir, fromMemory: left.length - lost }, "usage events left in the journal: the next process to start replays them");
      }
    }
    if (lost) this.drop(lost);
    this.logDrops();
    await this.markBacklog(true);
    return lost;
  }

  /** Publishes (or clears) this process's oldest unconfirmed usage for reconcile; never throws. */
  private async markBacklog(closing = false): Promise<void> {
    const backlog = this.hasWork() && Date.now() - this.confirmedThrough > MARK_AFTER_MS;
    if (!backlog && !this.marked) return;
    // Closing: the marker must not wait for a Redis that is down.
    const write = backlog ? publishUnsentUsage(this.redis, this.markField, this.confirmedThrough) : clearUnsentUsage(this.redis, this.markField);
    const settled = await Promise.race([write.then(() => true, () => false), sleep(closing ? 500 : MARK_EVERY_MS).then(() => false)]);
    if (settled) this.marked = backlog;
  }

  private hasWork(): boolean {
    return this.queue.length > 0 || this.inFlight !== null || (this.journal !== undefined && !this.journal.empty);
  }

  private stalled(): boolean {
    return this.stalledSince !== 0 && Date.now() - this.stalledSince > this.spillAfterMs;
  }

  private redisDown(): boolean {
    return this.stalled() || this.redis.status === "reconnecting" || this.redis.status === "close" || this.redis.status === "end";
  }

  private spill(): void {
    const journal = this.journal!;
    this.spilling = true;
    // A copy of the unconfirmed batch too: if the process dies it is replayed (a duplicate if it did land, which ingest ignores).
    if (this.inFlight && !this.inFlight.journaled) this.inFlight.journaled = this.inFlight.lines.every((line) => journal.append(line));
    const queued = this.queue;
    this.queue = [];
    const refused = queued.filter((line) => !journal.append(line)).length;
    if (refused) this.drop(refused);
    this.log.warn(
      { queued: queued.length, dir: journal.dir, reason: queued.length >= this.maxQueued ? "memory queue full" : `Redis has taken nothing for over ${this.spillAfterMs} ms` },
      "usage events are not reaching Redis: spilling to the local journal",
    );
  }

  private drop(n: number): void {
    this.dropped += n;
    this.droppedSinceLog += n;
    if (Date.now() - this.lastDropLog >= DROP_LOG_EVERY_MS) this.logDrops();
  }

  /** One error line per interval, not per event. */
  private logDrops(): void {
    if (this.droppedSinceLog === 0) return;
    const j = this.journal;
    const why = !j
      ? `usage queue full (${this.maxQueued} events, no journal)`
      : j.refusal === "full"
        ? `usage journal full (${j.bytes} bytes held, bound TOLLGATE_USAGE_JOURNAL_MAX_BYTES)`
        : `usage journal unavailable (${j.refusal ?? "closed"})`;
    this.log.error({ dropped: this.droppedSinceLog, droppedTotal: this.dropped, dir: j?.dir }, `${why}: usage events dropped`);
    this.droppedSinceLog = 0;
    this.lastDropLog = Date.now();
  }

  private schedule(): void {
    if (this.scheduled || this.pumping) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  /** The one sender: journal first (older), then memory; one batch in flight at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        let next: Batch | "wait" | "idle";
        try {
          next = await this.nextBatch();
        } catch (error) {
          this.log.error({ err: (error as Error).message }, "usage journal could not be read; retrying");
          next = "wait";
          await sleep(RETRY_MS);
        }
        if (next === "idle") break;
        if (next === "wait") await sleep(20);
        else if (!(await this.send(next))) await sleep(RETRY_MS);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async nextBatch(): Promise<Batch | "wait" | "idle"> {
    if (this.closed) return "idle";
    const journal = this.journal;
    if (journal && !journal.empty) {
      const batch = await journal.read(BATCH);
      if (batch) return batch;
      return journal.empty ? this.nextBatch() : "wait"; // lines appended but not yet written out
    }
    if (journal && !this.spilling) journal.release();
    if (this.queue.length === 0) return "idle";
    this.inFlight = { lines: this.queue.splice(0, BATCH), journaled: false, at: Date.now() };
    return { lines: this.inFlight.lines };
  }

  private async send(batch: Batch): Promise<boolean> {
    if (batch.lines.length) {
      this.stalledSince ||= Date.now();
      try {
        const entries = packUsageEntries(batch.lines);
        // Under moderate load a batch is one entry: one XADD, without an ioredis Pipeline (an object per send that
        // often outlives a young-generation GC while Redis answers; heap sampling in bench:proxy, 2026-12-07).
        if (entries.length === 1) await this.redis.xadd(USAGE_STREAM_KEY, "*", USAGE_BATCH_FIELD, entries[0]!);
        else {
          const pipeline = this.redis.pipeline();
          for (const entry of entries) pipeline.xadd(USAGE_STREAM_KEY, "*", USAGE_BATCH_FIELD, entry);
          const results = await pipeline.exec();
          const failed = results ? results.filter(([error]) => error).length : batch.lines.length;
          if (failed) throw new Error(`${failed} XADD failed`);
        }
      } catch (error) {
        // Memory batches stay queued, oldest first, unless the journal has a copy; journal batches are read again.
        if (!batch.commit && this.inFlight && !this.inFlight.journaled) this.queue.unshift(...this.inFlight.lines);
        if (!batch.commit) this.inFlight = null;
        this.log.warn({ pending: this.pending, journalBytes: this.journalBytes, err: (error as Error).message }, "usage events not yet in Redis; retrying");
        return false;
      }
    }
    this.stalledSince = 0;
    if (!batch.commit) {
      if (this.inFlight && (!this.journal || this.journal.empty)) this.confirmedThrough = Math.max(this.confirmedThrough, this.inFlight.at);
      this.inFlight = null;
      if (!this.hasWork()) this.confirmedThrough = Date.now();
      return true;
    }
    batch.commit();
    if (this.spilling) {
      this.spilling = false;
      this.log.info({ journalBytes: this.journalBytes }, "usage events reach Redis again: replaying the journal");
    }
    if (this.journal?.empty) {
      this.logDrops();
      // Everything journaled is in Redis; what is left is in memory, emitted after the journal stopped taking events.
      if (!this.spilling && this.queue.length === 0 && !this.inFlight) this.confirmedThrough = Date.now();
    }
    return true;
  }
}
