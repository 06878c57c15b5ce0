// The cache keys of request bodies this process saw recently, by their exact
// bytes: a repeated request (what a cache hit is) finds its key with a map
// lookup instead of a canonical walk of the body and a SHA-256 over it,
// which was the biggest cost of a hit after writing the answer. The same
// bytes parse to the same body, and everything else the key depends on
// (org, project or shared, endpoint, alias) is part of the memo's own key,
// so a memoised key is always the one cacheKey would compute. Bounded by
// count and characters; the oldest go first.
import { BoundedMemo } from "./bounded-memo";
import { cacheKey, type CacheKeyInput } from "./cache-key";

const MAX_ENTRIES = 4096;
const MAX_CHARS = 16 * 1024 * 1024;
/** Bodies larger than this are hashed every time (a lookup would copy them; repeats are rare). */
const MAX_BODY_BYTES = 16 * 1024;

export class CacheKeyMemo {
  private readonly memo: BoundedMemo<string>;

  constructor(maxEntries = MAX_ENTRIES, maxChars = MAX_CHARS) {
    this.memo = new BoundedMemo(maxEntries, maxChars);
  }

  /** cacheKey(input), where rawBody is the exact request body that input.body was parsed from. */
  keyFor(input: CacheKeyInput, rawBody: Buffer): string {
    if (rawBody.length > MAX_BODY_BYTES) return cacheKey(input);
    // Each field length-prefixed, so no two inputs share an id whatever characters they hold.
    const project = input.shareAcrossProjects ? "" : input.projectId;
    const id = `${input.orgId.length}:${input.orgId}${project.length}:${project}${input.endpoint.length}:${input.endpoint}${input.model.length}:${input.model}${rawBody.toString("latin1")}`;
    const known = this.memo.get(id);
    if (known !== undefined) return known;
    const key = cacheKey(input);
    this.memo.set(id, key, id.length + key.length);
    return key;
  }

  /** Entries held now. */
  get size(): number {
    return this.memo.stats.entries;
  }
}
