// The SSE replay of a cached completion (sse-from-cached-completion.ts),
// remembered per process for the entries replayed recently, so a streaming
// hit does not parse, validate and serialise the same completion again.
// Only the transformation is remembered, never the lookup (the store and its
// hot entries decide whether there is a hit), and the memo is keyed by that
// cache key plus what identifies the entry stored under it (its creation
// time and body length), so a replaced entry is replayed afresh. Bounded by count and bytes; the
// oldest go first.
import type { CachedResponse } from "./frame-cache-entry";
import { BoundedMemo } from "./bounded-memo";
import { sseFromCachedCompletion } from "./sse-from-cached-completion";

const MAX_ENTRIES = 512;
const MAX_BYTES = 16 * 1024 * 1024;

export class ReplayMemo {
  private readonly memo: BoundedMemo<Buffer | null>;

  constructor(maxEntries = MAX_ENTRIES, maxBytes = MAX_BYTES) {
    this.memo = new BoundedMemo(maxEntries, maxBytes);
  }

  /** The entry's body as an SSE stream (null: it cannot be replayed faithfully). */
  sse(cacheKey: string, entry: CachedResponse, includeUsage: boolean): Buffer | null {
    const id = `${cacheKey}\u0000${entry.createdAt.getTime()}\u0000${entry.body.length}\u0000${includeUsage ? 1 : 0}`;
    const known = this.memo.get(id);
    if (known !== undefined) return known;
    const replay = sseFromCachedCompletion(entry.body, { includeUsage });
    this.memo.set(id, replay, replay?.length ?? 0);
    return replay;
  }
}
