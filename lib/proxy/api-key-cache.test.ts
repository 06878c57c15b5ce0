import { describe, expect, it } from "vitest";
import type { DbClient } from "../db/create-db-client";
import { hashSecret } from "../keys/generate-secret";
import { ApiKeyCache } from "./api-key-cache";

interface Row { id: string; projectId: string; expiresAt: Date | null; revokedAt: Date | null; fixedTags: string[]; project: { orgId: string; archivedAt: Date | null } }

/** A stand-in for the one query the cache makes; each read can be held open to interleave it with a change. */
function fakeDb(row: Row) {
  const state = { row, reads: 0, hold: null as Promise<void> | null };
  const db = {
    apiKey: {
      findUnique: async () => {
        state.reads++;
        const seen = structuredClone(state.row);
        if (state.hold) await state.hold;
        return seen;
      },
    },
  } as unknown as DbClient;
  return { db, state };
}

const row = (fixedTags: string[]): Row => ({ id: "k1", projectId: "p1", expiresAt: null, revokedAt: null, fixedTags, project: { orgId: "o1", archivedAt: null } });
const bearer = "Bearer tg_secret";

describe("ApiKeyCache", () => {
  it("loads the key's fixed tags with it, read-only", async () => {
    const { db } = fakeDb(row(["team:search", "prod"]));
    const key = await new ApiKeyCache(db).authenticate(bearer);
    expect(key).toMatchObject({ keyId: "k1", projectId: "p1", orgId: "o1", fixedTags: ["team:search", "prod"] });
    expect(Object.isFrozen(key.fixedTags)).toBe(true);
  });

  it("serves from memory until the key is invalidated, then reads the changed tags", async () => {
    const { db, state } = fakeDb(row(["team:search"]));
    const cache = new ApiKeyCache(db);
    await cache.authenticate(bearer);
    state.row = row(["team:ads"]);
    expect((await cache.authenticate(bearer)).fixedTags).toEqual(["team:search"]);
    expect(state.reads).toBe(1);
    cache.invalidate(hashSecret("tg_secret"));
    expect((await cache.authenticate(bearer)).fixedTags).toEqual(["team:ads"]);
    expect(state.reads).toBe(2);
  });

  it("does not keep a read that began before an invalidation (it may predate the change)", async () => {
    const { db, state } = fakeDb(row(["team:search"]));
    const cache = new ApiKeyCache(db);
    let release!: () => void;
    state.hold = new Promise((r) => (release = r));
    const early = cache.authenticate(bearer);
    await Promise.resolve();
    // The change commits and is broadcast while that read is still in flight.
    state.row = row(["team:ads"]);
    cache.invalidate(hashSecret("tg_secret"));
    state.hold = null;
    const late = cache.authenticate(bearer); // a fresh read, not the stale one joined
    release();
    expect((await early).fixedTags).toEqual(["team:search"]);
    expect((await late).fixedTags).toEqual(["team:ads"]);
    expect((await cache.authenticate(bearer)).fixedTags).toEqual(["team:ads"]);
    expect(state.reads).toBe(2);
  });

  it("shares one read among concurrent requests for a key", async () => {
    const { db, state } = fakeDb(row([]));
    const cache = new ApiKeyCache(db);
    const keys = await Promise.all(Array.from({ length: 5 }, () => cache.authenticate(bearer)));
    expect(keys.every((k) => k.keyId === "k1" && k.fixedTags.length === 0)).toBe(true);
    expect(state.reads).toBe(1);
  });
});
