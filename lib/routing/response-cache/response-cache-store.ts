// The response cache in Redis. The cache is an optimisation, so it never
// fails a request: a Redis error or timeout is logged and answered as a miss
// (get) or a skipped put, a corrupt entry is deleted and answered as a miss,
// and a get gives up after getTimeoutMs (default 50 ms) so a slow Redis
// costs a request at most that. A connection that is not up is not even
// asked (nothing piles up in ioredis's offline queue during an outage).
//
// Memory: an entry over maxEntryBytes is not stored, and each org holds at
// most maxOrgBytes. The Redis is shared with budgets and queues, so its own
// eviction cannot be the cap; instead each org has an index of its entries
// by expiry time and their sizes (`…:<orgId>:index`, `…:<orgId>:sizes`),
// kept by one Lua script per put: expired entries are forgotten, and when
// the new entry would not fit, the entries closest to expiry are evicted.
// TTLs are exact: a hit does not extend its entry's life.
//
// In front of Redis, optionally, the process's own hot entries (hot-answers.ts): a repeated hit is answered
// from memory, for at most a few seconds and never past its TTL.
import type { Redis } from "ioredis";
import type { Logger } from "../../log/logger";
import { orgKeyPattern, parseCacheKey, RESPONSE_CACHE_PREFIX } from "./cache-key";
import { frameCacheEntry, unframeCacheEntry, type CachedResponse } from "./frame-cache-entry";
import type { HotAnswers } from "./hot-answers";

export type { CachedResponse } from "./frame-cache-entry";

export const DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_ORG_BYTES = 64 * 1024 * 1024;
export const DEFAULT_GET_TIMEOUT_MS = 50;
const DEFAULT_WRITE_TIMEOUT_MS = 1000;
/** The policy schema's longest cache.ttlSec (7 days). */
const MAX_TTL_SEC = 7 * 86_400;
/** Counted per entry on top of its bytes: the key, its index member and size field, Redis's own headers. */
export const ENTRY_OVERHEAD_BYTES = 256;
const SCAN_BATCH = 1000;

// KEYS: entry, index, sizes. ARGV: hash, frame, ttlMs, nowMs, capBytes, overheadBytes, entry key prefix.
// Returns 1 when stored, 0 when the entry cannot fit (bigger than the cap, or too much to evict at once).
const PUT = `
local idx, sizes = KEYS[2], KEYS[3]
local member, ttl, now, cap = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local size = string.len(ARGV[2]) + tonumber(ARGV[6])
if size > cap then return 0 end
local function forget(m)
  local s = tonumber(redis.call('HGET', sizes, m))
  if s then
    redis.call('HDEL', sizes, m)
    redis.call('HINCRBY', sizes, '~total', -s)
  end
  redis.call('ZREM', idx, m)
end
for _, m in ipairs(redis.call('ZRANGEBYSCORE', idx, '-inf', ARGV[4], 'LIMIT', 0, 128)) do forget(m) end
forget(member)
local function total() return math.max(0, tonumber(redis.call('HGET', sizes, '~total') or '0')) end
local evicted = 0
while total() + size > cap do
  local oldest = redis.call('ZRANGE', idx, 0, 0)
  if #oldest == 0 then
    redis.call('HSET', sizes, '~total', 0) -- nothing indexed: the counter drifted (keys deleted by hand)
  else
    if evicted >= 256 then return 0 end
    forget(oldest[1])
    redis.call('UNLINK', ARGV[7] .. oldest[1])
    evicted = evicted + 1
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', idx, string.format('%d', now + ttl), member)
redis.call('HSET', sizes, member, size)
redis.call('HINCRBY', sizes, '~total', size)
local last = redis.call('ZRANGE', idx, -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', idx, last[2])
redis.call('PEXPIREAT', sizes, last[2])
return 1
`;

interface CacheCommands {
  tollgateCachePut(numKeys: number, ...args: (string | Buffer)[]): Promise<number>;
}

export interface ResponseCacheStoreOptions {
  /** Preferably a fail-fast connection (FAIL_FAST_REDIS_OPTIONS); any works. */
  redis: Redis;
  log: Logger;
  /** A framed entry (header + body) larger than this is not stored. */
  maxEntryBytes?: number;
  /** What one org's entries may hold in total, overhead included. */
  maxOrgBytes?: number;
  getTimeoutMs?: number;
  /** For a put, and for each command of an invalidation. */
  writeTimeoutMs?: number;
  /** Wall clock in ms (the index's expiry times). */
  clock?: () => number;
  /** This process's recently served entries, asked before Redis (none: every get asks Redis). */
  memory?: HotAnswers;
}

export interface ResponseCacheStore {
  /**
   * The entry, or null on a miss, a corrupt entry, a Redis failure or a timeout. Never rejects. ttlSec: the
   * rule's TTL now, which bounds how long the process may answer the entry from memory.
   */
  get(key: string, ttlSec: number): Promise<CachedResponse | null>;
  /** true when stored; false when skipped (oversize, not 200, bad key or TTL, Redis failure). Never rejects. */
  put(key: string, entry: CachedResponse, ttlSec: number): Promise<boolean>;
  /** Drops every entry of the org (when its routing policies or catalog change): keys removed, or null on a Redis failure. */
  invalidateOrg(orgId: string): Promise<number | null>;
  /** Another instance invalidated the org (pub/sub): this process forgets what it holds of it in memory. */
  forgetOrgInMemory(orgId: string): void;
  /** Invalidations may have been missed (the subscription reconnected): forget everything held in memory. */
  forgetAllInMemory(): void;
}

export function createResponseCacheStore(options: ResponseCacheStoreOptions): ResponseCacheStore {
  const { redis, log } = options;
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const maxOrgBytes = options.maxOrgBytes ?? DEFAULT_MAX_ORG_BYTES;
  const getTimeoutMs = options.getTimeoutMs ?? DEFAULT_GET_TIMEOUT_MS;
  const writeTimeoutMs = options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
  const clock = options.clock ?? Date.now;
  const memory = options.memory?.enabled ? options.memory : null;
  const warn = throttledWarn(log);
  if (!("tollgateCachePut" in redis)) redis.defineCommand("tollgateCachePut", { lua: PUT });
  const commands = redis as Redis & CacheCommands;
  // "wait": a lazy connection that the first command opens.
  const usable = () => redis.status === "ready" || redis.status === "wait";

  return {
    async get(key, ttlSec) {
      const held = memory?.get(key, ttlSec);
      if (held) return held;
      if (!usable()) return null;
      try {
        const frame = await within(getTimeoutMs, redis.getBuffer(key));
        if (frame === null) return null;
        const entry = unframeCacheEntry(frame);
        if (entry) {
          if (memory) rememberFromKey(memory, key, entry, ttlSec);
          return entry;
        }
        log.warn({ key }, "response cache: corrupt entry deleted");
        redis.unlink(key).catch(() => {});
        return null;
      } catch (err) {
        warn({ op: "get", err: message(err) }, "response cache: get failed, answered as a miss");
        return null;
      }
    },

    async put(key, entry, ttlSec) {
      const parsed = parseCacheKey(key);
      if (!parsed || !Number.isInteger(ttlSec) || ttlSec < 1 || ttlSec > MAX_TTL_SEC || entry.status !== 200) {
        log.warn({ key, ttlSec, status: entry.status }, "response cache: put skipped (bad key, TTL or status)");
        return false;
      }
      let frame: Buffer;
      try {
        frame = frameCacheEntry(entry);
      } catch (err) {
        log.warn({ key, err: message(err) }, "response cache: put skipped (invalid entry)");
        return false;
      }
      if (frame.length > maxEntryBytes || !usable()) return false;
      const orgPrefix = `${RESPONSE_CACHE_PREFIX}${parsed.orgId}:`;
      try {
        const stored = await within(writeTimeoutMs, commands.tollgateCachePut(
          3, key, `${orgPrefix}index`, `${orgPrefix}sizes`,
          parsed.hash, frame, String(ttlSec * 1000), String(clock()), String(maxOrgBytes), String(ENTRY_OVERHEAD_BYTES), orgPrefix,
        ));
        if (stored === 1 && memory) memory.remember(key, parsed.orgId, entry, ttlSec);
        return stored === 1;
      } catch (err) {
        warn({ op: "put", err: message(err) }, "response cache: put failed, answer not cached");
        return false;
      }
    },

    forgetOrgInMemory(orgId) {
      memory?.forgetOrg(orgId);
    },

    forgetAllInMemory() {
      memory?.forgetAll();
    },

    async invalidateOrg(orgId) {
      memory?.forgetOrg(orgId);
      if (!usable()) {
        log.warn({ orgId }, "response cache: Redis is down, the org's entries were not invalidated");
        return null;
      }
      try {
        const pattern = orgKeyPattern(orgId);
        let cursor = "0";
        let removed = 0;
        do {
          const [next, keys] = await within(writeTimeoutMs, redis.scan(cursor, "MATCH", pattern, "COUNT", SCAN_BATCH));
          if (keys.length > 0) removed += await within(writeTimeoutMs, redis.unlink(...keys));
          cursor = next;
        } while (cursor !== "0");
        return removed;
      } catch (err) {
        log.warn({ orgId, err: message(err) }, "response cache: invalidating the org failed");
        return null;
      }
    },
  };
}

function rememberFromKey(memory: HotAnswers, key: string, entry: CachedResponse, ttlSec: number): void {
  const parsed = parseCacheKey(key);
  if (parsed) memory.remember(key, parsed.orgId, entry, ttlSec);
}

/**
 * The promise's outcome, or a rejection after ms (the command itself is left to finish or fail on its own).
 * The rejection waits for the I/O of the loop turn the timer fired in (setImmediate runs after the poll
 * phase): on a saturated loop that lagged past ms, an answer already read from the socket still wins,
 * instead of turning a hit into a miss that then costs an upstream call.
 */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${ms} ms`))), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** During an outage every request fails the same way: one line per operation per 10 s, with how many were left out. */
function throttledWarn(log: Logger, intervalMs = 10_000) {
  const seen = new Map<string, { last: number; suppressed: number }>();
  return (fields: { op: string } & Record<string, unknown>, msg: string) => {
    const now = performance.now();
    const s = seen.get(fields.op) ?? { last: -Infinity, suppressed: 0 };
    seen.set(fields.op, s);
    if (now - s.last < intervalMs) {
      s.suppressed++;
      return;
    }
    log.warn({ ...fields, suppressed: s.suppressed }, msg);
    s.last = now;
    s.suppressed = 0;
  };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
