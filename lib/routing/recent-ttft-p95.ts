// The p95 time to first token that local-first's burst decision reads, from
// the samples every proxy instance pushed to a shared Redis list (newest
// first). A sample is "<wall ms>:<ttft ms>"; anything else is skipped, so a
// stray value can cost a sample, never a wrong decision. Too few recent
// samples: null (TTFT then neither starts nor holds a burst).
import { percentile } from "../benchmarks/metrics/describe-distribution";

export interface TtftWindowOptions {
  /** Samples older than this are not counted. */
  maxAgeMs: number;
  /** Fewer recent samples than this: null. */
  minSamples: number;
}

export const DEFAULT_TTFT_WINDOW: TtftWindowOptions = { maxAgeMs: 60_000, minSamples: 10 };

const SAMPLE = /^(\d{1,15}):(\d{1,9})$/;

export function encodeTtftSample(atMs: number, ttftMs: number): string {
  return `${Math.round(atMs)}:${Math.max(0, Math.round(ttftMs))}`;
}

/** p95 of the samples no older than maxAgeMs at nowMs; null with fewer than minSamples of them. */
export function recentTtftP95(encoded: readonly string[], nowMs: number, options: TtftWindowOptions = DEFAULT_TTFT_WINDOW): number | null {
  const since = nowMs - options.maxAgeMs;
  const recent: number[] = [];
  for (const s of encoded) {
    const m = SAMPLE.exec(s);
    if (!m || Number(m[1]) < since) continue;
    recent.push(Number(m[2]));
  }
  if (recent.length < options.minSamples) return null;
  return percentile(recent.sort((x, y) => x - y), 95);
}
