// The response cache's entries a proxy process served or stored in the last
// few seconds, kept in its memory so that a repeated hit does not go to Redis
// (a round trip, a command and a reply to decode: most of what a hit cost
// the proxy beyond writing the answer). Redis stays the cache's word:
//   - an entry is remembered only after Redis gave it or took it, under the
//     same key (org, and project unless shared, are in it);
//   - it is forgotten at its own expiry (created + the rule's TTL, never
//     later than Redis's) or after maxAgeMs, whichever comes first, so an
//     invalidation this process never heard of is seen within maxAgeMs;
//   - an org's catalog change (pub/sub) forgets the org at once, and the org
//     is not remembered again for maxAgeMs, while Redis drops its entries;
//   - a lost subscription (reconnect) forgets everything.
// Bounded by bytes (bodies, keys and a fixed overhead per entry) and entry
// size; the least recently used go first.
import type { CachedResponse } from "./frame-cache-entry";

export interface HotAnswersOptions {
  /** What the entries may hold in all, in bytes (0: the tier is off). */
  maxBytes: number;
  /** An entry larger than this is not held. */
  maxEntryBytes?: number;
  /** How long an entry is held at most, whatever its TTL. */
  maxAgeMs?: number;
  /** Monotonic enough wall clock in ms (entries' creation times are wall-clock). */
  clock?: () => number;
}

export const DEFAULT_HOT_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_HOT_MAX_ENTRY_BYTES = 256 * 1024;
export const DEFAULT_HOT_MAX_AGE_MS = 5_000;
/** Counted per entry on top of its body and key: the entry's objects and the map's slot. */
export const HOT_ENTRY_OVERHEAD_BYTES = 256;

interface Held {
  entry: CachedResponse;
  orgId: string;
  expiresAt: number;
  bytes: number;
}

export class HotAnswers {
  private readonly held = new Map<string, Held>();
  /** Orgs whose entries were just invalidated: not remembered again until then. */
  private readonly quietUntil = new Map<string, number>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;
  private readonly maxAgeMs: number;
  private readonly clock: () => number;

  constructor(options: HotAnswersOptions) {
    this.maxBytes = Math.max(0, options.maxBytes);
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULT_HOT_MAX_ENTRY_BYTES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_HOT_MAX_AGE_MS;
    this.clock = options.clock ?? Date.now;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The held entry, or null (never held, expired, or its rule's TTL is now shorter than its age). */
  get(key: string, ttlSec: number): CachedResponse | null {
    const h = this.held.get(key);
    if (!h) return null;
    const now = this.clock();
    if (now >= h.expiresAt || now >= h.entry.createdAt.getTime() + ttlSec * 1000) {
      this.drop(key, h);
      return null;
    }
    // Most recently used last (a Map iterates in insertion order).
    this.held.delete(key);
    this.held.set(key, h);
    return h.entry;
  }

  /** Remembers an entry Redis just gave or took under this key. */
  remember(key: string, orgId: string, entry: CachedResponse, ttlSec: number): void {
    if (entry.body.length > this.maxEntryBytes) return;
    const size = entry.body.length + key.length + HOT_ENTRY_OVERHEAD_BYTES;
    if (size > this.maxBytes) return;
    const now = this.clock();
    const quiet = this.quietUntil.get(orgId);
    if (quiet !== undefined) {
      if (now < quiet) return;
      this.quietUntil.delete(orgId);
    }
    const expiresAt = Math.min(now + this.maxAgeMs, entry.createdAt.getTime() + ttlSec * 1000);
    if (expiresAt <= now) return;
    const old = this.held.get(key);
    if (old) this.drop(key, old);
    this.held.set(key, { entry, orgId, expiresAt, bytes: size });
    this.bytes += size;
    for (const [oldest, h] of this.held) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest, h);
    }
  }

  /** An org's entries were invalidated (its catalog changed): forget them, and hold none of its for maxAgeMs. */
  forgetOrg(orgId: string): void {
    this.quietUntil.set(orgId, this.clock() + this.maxAgeMs);
    for (const [key, h] of this.held) if (h.orgId === orgId) this.drop(key, h);
  }

  /** Invalidations may have been missed (the subscription reconnected). */
  forgetAll(): void {
    this.held.clear();
    this.bytes = 0;
  }

  /** Entries and bytes held now (for tests and metrics). */
  size(): { entries: number; bytes: number } {
    return { entries: this.held.size, bytes: this.bytes };
  }

  private drop(key: string, h: Held): void {
    this.held.delete(key);
    this.bytes -= h.bytes;
  }
}
