// Local models' recent times to first token, shared by every proxy instance
// through Redis, so a slow local model seen by one instance makes all of
// them burst. One list per org and model holds the newest samples of all
// instances ("<wall ms>:<ttft ms>", newest first, capped, expiring when
// idle). Nothing waits on Redis per request: samples are buffered and
// pushed, and the lists this process reads are fetched, in one pipeline per
// sync (every syncEveryMs while there is anything to do); p95() answers from
// the last fetch. A failed sync drops its samples (a lost sample only makes
// the p95 a little older) and keeps the last view.
import type { Redis } from "ioredis";
import { DEFAULT_TTFT_WINDOW, encodeTtftSample, recentTtftP95, type TtftWindowOptions } from "../routing/recent-ttft-p95";

export interface SharedTtftOptions extends Partial<TtftWindowOptions> {
  /** Samples kept per model, across instances. */
  windowSize?: number;
  syncEveryMs?: number;
  clock?: () => number;
}

export const DEFAULT_TTFT_SYNC_MS = 250;
const DEFAULT_WINDOW_SIZE = 100;

interface View {
  orgId: string;
  model: string;
  p95: number | null;
  askedAt: number;
}

export class SharedTtftWindow {
  private readonly pending = new Map<string, string[]>();
  private readonly views = new Map<string, View>();
  private timer: NodeJS.Timeout | null = null;
  private syncing = false;
  private readonly window: TtftWindowOptions;
  private readonly windowSize: number;
  private readonly syncEveryMs: number;
  private readonly clock: () => number;
  /** Called after a sync changed a model's p95 (the burst tracker re-decides on it). */
  onChange: ((orgId: string, model: string) => void) | null = null;

  constructor(private readonly redis: Redis, options: SharedTtftOptions = {}) {
    this.window = { maxAgeMs: options.maxAgeMs ?? DEFAULT_TTFT_WINDOW.maxAgeMs, minSamples: options.minSamples ?? DEFAULT_TTFT_WINDOW.minSamples };
    this.windowSize = options.windowSize ?? DEFAULT_WINDOW_SIZE;
    this.syncEveryMs = options.syncEveryMs ?? DEFAULT_TTFT_SYNC_MS;
    this.clock = options.clock ?? Date.now;
  }

  /** Buffers a sample for the next sync (only models read by p95() are fetched back). */
  record(orgId: string, model: string, ttftMs: number): void {
    const key = ttftKey(orgId, model);
    let samples = this.pending.get(key);
    if (!samples) this.pending.set(key, (samples = []));
    samples.push(encodeTtftSample(this.clock(), ttftMs));
    if (samples.length > this.windowSize) samples.shift();
    this.ensureTimer();
  }

  /** The p95 across instances as of the last sync (at most syncEveryMs old); null: too few recent samples, or not fetched yet. */
  p95(orgId: string, model: string): number | null {
    const view = this.watch(orgId, model, ttftKey(orgId, model));
    this.ensureTimer();
    return view.p95;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Pushes what this process saw and fetches what every process saw (the timer calls it; tests may too). */
  async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const now = this.clock();
      const pipeline = this.redis.pipeline();
      for (const [key, samples] of this.pending) {
        pipeline.lpush(key, ...samples);
        pipeline.ltrim(key, 0, this.windowSize - 1);
        pipeline.pexpire(key, this.window.maxAgeMs);
      }
      this.pending.clear();
      // A model nobody asked about for a window's age is no longer read.
      const read: [string, View][] = [];
      for (const [key, view] of this.views) {
        if (now - view.askedAt > this.window.maxAgeMs) this.views.delete(key);
        else {
          read.push([key, view]);
          pipeline.lrange(key, 0, this.windowSize - 1);
        }
      }
      if (pipeline.length === 0) return this.close();
      const results = await pipeline.exec().catch(() => null);
      if (!results) return;
      const lists = results.slice(results.length - read.length);
      read.forEach(([, view], i) => {
        const [err, list] = lists[i]!;
        if (err || !Array.isArray(list)) return;
        const p95 = recentTtftP95(list as string[], this.clock(), this.window);
        if (p95 === view.p95) return;
        view.p95 = p95;
        this.onChange?.(view.orgId, view.model);
      });
    } finally {
      this.syncing = false;
    }
  }

  private watch(orgId: string, model: string, key: string): View {
    let view = this.views.get(key);
    if (!view) this.views.set(key, (view = { orgId, model, p95: null, askedAt: 0 }));
    view.askedAt = this.clock();
    return view;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sync(), this.syncEveryMs);
    this.timer.unref();
  }
}

function ttftKey(orgId: string, model: string): string {
  return `tollgate:routing:ttft:${orgId}:${model}`;
}
