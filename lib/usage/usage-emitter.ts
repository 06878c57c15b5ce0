// Appends usage events to the Redis stream from the hot path without making
// the response wait: events queue in memory and go out in one pipelined
// XADD batch per event-loop turn. When Redis is unreachable they stay queued
// (bounded) and are retried; close() flushes before the process exits.
import type { Redis } from "ioredis";
import type { Logger } from "../log/logger";
import type { UsageEventInput } from "./usage-event-schema";
import { USAGE_STREAM_KEY } from "./usage-stream";

export class UsageEmitter {
  private queue: string[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  dropped = 0;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly maxQueued = 200_000,
  ) {}

  emit(event: UsageEventInput): void {
    if (this.queue.length >= this.maxQueued) {
      this.dropped++;
      this.log.error({ requestId: event.requestId, dropped: this.dropped }, "usage queue full: event dropped");
      return;
    }
    this.queue.push(JSON.stringify(event));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Sends everything queued; resolves when Redis has it (or the attempt failed). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.queue.length ? this.flush() : undefined));
    if (this.queue.length === 0) return Promise.resolve();
    const batch = this.queue.splice(0, 5000);
    const pipeline = this.redis.pipeline();
    for (const e of batch) pipeline.xadd(USAGE_STREAM_KEY, "*", "e", e);
    this.flushing = pipeline
      .exec()
      .then((results) => {
        const failed = batch.filter((_, i) => results?.[i]?.[0]);
        if (failed.length) throw new Error(`${failed.length} XADD failed`);
      })
      .catch((error: Error) => {
        // Keep them, oldest first, and try again shortly.
        this.queue.unshift(...batch);
        this.log.warn({ pending: this.queue.length, err: error.message }, "usage events not yet in Redis; retrying");
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          void this.flush();
        }, 500);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing.then(() => (this.queue.length && !this.retryTimer ? this.flush() : undefined));
  }

  /** Flushes until empty or `timeoutMs` passes; returns how many are left. */
  async close(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length && Date.now() < deadline) {
      await this.flush();
      if (this.queue.length) await new Promise((r) => setTimeout(r, 200));
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    return this.queue.length;
  }
}
