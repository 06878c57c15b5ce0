import { describe, expect, it } from "vitest";
import type { CachedResponse } from "./frame-cache-entry";
import { HOT_ENTRY_OVERHEAD_BYTES, HotAnswers } from "./hot-answers";

/** What an entry with this body under a one-character key counts against maxBytes. */
const held = (bodyBytes: number) => bodyBytes + 1 + HOT_ENTRY_OVERHEAD_BYTES;

const entry = (bytes: number, createdAtMs: number): CachedResponse => ({
  servedModel: "m", deploymentId: "d", status: 200, contentType: "application/json", body: Buffer.alloc(bytes, 0x61),
  usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 }, costUsd: null, createdAt: new Date(createdAtMs),
});

function tier(options: { maxBytes?: number; maxEntryBytes?: number; maxAgeMs?: number } = {}) {
  const clock = { now: 100_000 };
  const hot = new HotAnswers({ maxBytes: options.maxBytes ?? 10_000, maxEntryBytes: options.maxEntryBytes, maxAgeMs: options.maxAgeMs ?? 5000, clock: () => clock.now });
  return { hot, clock };
}

describe("HotAnswers", () => {
  it("answers a remembered entry under its own key only", () => {
    const { hot, clock } = tier();
    const e = entry(10, clock.now);
    hot.remember("k1", "org_a", e, 60);
    expect(hot.get("k1", 60)).toBe(e);
    expect(hot.get("k2", 60)).toBeNull();
  });

  it("forgets an entry after maxAgeMs, even when its TTL runs longer", () => {
    const { hot, clock } = tier({ maxAgeMs: 5000 });
    hot.remember("k", "org_a", entry(10, clock.now), 3600);
    clock.now += 4999;
    expect(hot.get("k", 3600)).not.toBeNull();
    clock.now += 1;
    expect(hot.get("k", 3600)).toBeNull();
    expect(hot.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it("never answers past the entry's TTL (created + TTL), nor past a TTL the rule has since shortened", () => {
    const { hot, clock } = tier({ maxAgeMs: 60_000 });
    const created = clock.now - 8000; // stored 8 s ago by another instance, with a 10 s TTL
    hot.remember("k", "org_a", entry(10, created), 10);
    clock.now = created + 9999;
    expect(hot.get("k", 10)).not.toBeNull();
    clock.now = created + 10_000;
    expect(hot.get("k", 10)).toBeNull();

    hot.remember("s", "org_a", entry(10, clock.now), 60);
    clock.now += 3000;
    expect(hot.get("s", 2)).toBeNull(); // the rule now says 2 s: the 3 s old entry is too old
  });

  it("does not remember an entry whose TTL has already run out", () => {
    const { hot, clock } = tier();
    hot.remember("k", "org_a", entry(10, clock.now - 61_000), 60);
    expect(hot.size().entries).toBe(0);
  });

  it("stays within its bytes, evicting the least recently used first; a body over the entry limit is not held", () => {
    const { hot, clock } = tier({ maxBytes: 3 * held(100), maxEntryBytes: 150 });
    hot.remember("a", "org_a", entry(100, clock.now), 60);
    hot.remember("b", "org_a", entry(100, clock.now), 60);
    hot.remember("c", "org_a", entry(100, clock.now), 60);
    expect(hot.get("a", 60)).not.toBeNull(); // a is now the most recently used
    hot.remember("d", "org_a", entry(100, clock.now), 60);
    expect(hot.get("b", 60)).toBeNull();
    expect(["a", "c", "d"].map((k) => hot.get(k, 60) !== null)).toEqual([true, true, true]);
    expect(hot.size()).toEqual({ entries: 3, bytes: 3 * held(100) });
    hot.remember("big", "org_a", entry(151, clock.now), 60);
    expect(hot.get("big", 60)).toBeNull();
    expect(hot.size().bytes).toBe(3 * held(100));
  });

  it("replacing an entry under the same key counts its bytes once", () => {
    const { hot, clock } = tier();
    hot.remember("k", "org_a", entry(100, clock.now), 60);
    hot.remember("k", "org_a", entry(40, clock.now), 60);
    expect(hot.size()).toEqual({ entries: 1, bytes: held(40) });
  });

  it("an org's invalidation forgets its entries only, and holds none of its for maxAgeMs", () => {
    const { hot, clock } = tier({ maxAgeMs: 5000 });
    hot.remember("a1", "org_a", entry(10, clock.now), 60);
    hot.remember("b1", "org_b", entry(10, clock.now), 60);
    hot.forgetOrg("org_a");
    expect(hot.get("a1", 60)).toBeNull();
    expect(hot.get("b1", 60)).not.toBeNull();
    // An entry read from Redis while the invalidating instance may still be deleting the org's keys: not held.
    hot.remember("a2", "org_a", entry(10, clock.now), 60);
    expect(hot.get("a2", 60)).toBeNull();
    clock.now += 5000;
    hot.remember("a3", "org_a", entry(10, clock.now), 60);
    expect(hot.get("a3", 60)).not.toBeNull();
  });

  it("forgets everything when invalidations may have been missed; 0 bytes turns it off", () => {
    const { hot, clock } = tier();
    hot.remember("a", "org_a", entry(10, clock.now), 60);
    hot.remember("b", "org_b", entry(10, clock.now), 60);
    hot.forgetAll();
    expect(hot.size()).toEqual({ entries: 0, bytes: 0 });
    const off = new HotAnswers({ maxBytes: 0 });
    expect(off.enabled).toBe(false);
    off.remember("a", "org_a", entry(1, Date.now()), 60);
    expect(off.get("a", 60)).toBeNull();
  });
});
