// The SSE replay of a cached completion (sse-from-cached-completion.ts),
// remembered per process for the entries replayed recently, so a streaming
// hit does not parse, validate and serialise the same completion again.
// Only the transformation is remembered, never the lookup (the store and its
// hot entries decide whether there is a hit), and the memo is keyed by that
// cache key plus what identifies the entry stored under it (its creation
// time and body length), so a replaced entry is replayed afresh. Bounded by count and bytes; the
// oldest go first.
import type { CachedResponse } from "./frame-cache-entry";
import { sseFromCachedCompletion } from "./sse-from-cached-completion";

const MAX_ENTRIES = 512;
const MAX_BYTES = 16 * 1024 * 1024;

export class ReplayMemo {
  private readonly memo = new Map<string, Buffer | null>();
  private bytes = 0;

  constructor(private readonly maxEntries = MAX_ENTRIES, private readonly maxBytes = MAX_BYTES) {}

  /** The entry's body as an SSE stream (null: it cannot be replayed faithfully). */
  sse(cacheKey: string, entry: CachedResponse, includeUsage: boolean): Buffer | null {
    const id = `${cacheKey}\u0000${entry.createdAt.getTime()}\u0000${entry.body.length}\u0000${includeUsage ? 1 : 0}`;
    const known = this.memo.get(id);
    if (known !== undefined) return known;
    const replay = sseFromCachedCompletion(entry.body, { includeUsage });
    const size = replay?.length ?? 0;
    if (size > this.maxBytes) return replay;
    this.memo.set(id, replay);
    this.bytes += size;
    for (const [oldest, value] of this.memo) {
      if (this.memo.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.memo.delete(oldest);
      this.bytes -= value?.length ?? 0;
    }
    return replay;
  }
}
