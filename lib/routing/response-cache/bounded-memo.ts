// A memo of recent values, bounded by count and by a size the caller gives
// each value; when either bound is passed, the oldest entries go first.
// Shared by the process-local memos of the response cache (cache keys, SSE
// replays).
export class BoundedMemo<V> {
  private readonly memo = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(private readonly maxEntries: number, private readonly maxSize: number) {}

  /** The remembered value, or undefined. */
  get(key: string): V | undefined {
    return this.memo.get(key)?.value;
  }

  /** Remembers the value (a value larger than maxSize on its own is not kept). */
  set(key: string, value: V, size: number): void {
    if (size > this.maxSize) return;
    const old = this.memo.get(key);
    if (old) {
      this.memo.delete(key);
      this.total -= old.size;
    }
    this.memo.set(key, { value, size });
    this.total += size;
    for (const [oldest, e] of this.memo) {
      if (this.memo.size <= this.maxEntries && this.total <= this.maxSize) break;
      this.memo.delete(oldest);
      this.total -= e.size;
    }
  }

  /** Entries and summed size held now. */
  get stats(): { entries: number; size: number } {
    return { entries: this.memo.size, size: this.total };
  }
}
