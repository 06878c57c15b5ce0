// The two Lua scripts behind enforcement. Each runs atomically in Redis,
// so concurrent requests on any number of proxy instances cannot both take
// the last dollar (no check-then-increment race).
//
// Money is in integer nano-dollars and changed with HINCRBY (exact, int64);
// Lua compares in doubles, exact below 2^53 nano-dollars (about $9M per
// budget period). Rate limiters are token buckets refilled continuously.
import type { Redis } from "ioredis";
import { batchedLua, ScriptBatcher } from "../redis/script-batcher";

/** The largest amount (nano-dollars) or token count the scripts take: exact as a Lua double and as int64. */
export const MAX_SCRIPT_INTEGER = Number.MAX_SAFE_INTEGER;
const MAX_SCRIPT_NANO = BigInt(MAX_SCRIPT_INTEGER);

/** Bounds a nano-dollar amount for the scripts: above it, every budget is exceeded anyway. */
export function scriptNano(nano: bigint): string {
  return (nano > MAX_SCRIPT_NANO ? MAX_SCRIPT_NANO : nano < 0n ? 0n : nano).toString();
}

/** Bounds a token count for the scripts (a non-negative integer). */
export function scriptTokens(tokens: number): number {
  return Number.isFinite(tokens) ? Math.min(MAX_SCRIPT_INTEGER, Math.max(0, Math.ceil(tokens))) : MAX_SCRIPT_INTEGER;
}

// Shared helpers. A reservation is a member "<request id>:<attempt>|<amount>"
// of the budget's reservations zset (score = when it lapses), so releasing it
// needs no other lookup. Lapsed ones (a crashed proxy never settled) are
// released on the next admission, so leaks heal themselves.
const RELEASE = `
local function release(ck, amt)
  if amt ~= '0' then redis.call('HINCRBY', ck, 'reserved', '-' .. amt) end
end
`;

const HELPERS = `${RELEASE}
local function purge_reservations(ck, rk, now)
  local lapsed = redis.call('ZRANGEBYSCORE', rk, '-inf', now, 'LIMIT', 0, 100)
  for _, m in ipairs(lapsed) do
    release(ck, string.match(m, '|(%d+)$') or '0')
    redis.call('ZREM', rk, m)
  end
end
local function level_of(tokens, ts, capacity, now)
  if not tokens then return capacity end
  return math.min(capacity, tokens + math.max(0, now - ts) * capacity / 60000)
end
local function bucket_level(key, capacity, now)
  local state = redis.call('HMGET', key, 'tokens', 'ts')
  return level_of(tonumber(state[1]), tonumber(state[2]), capacity, now)
end
local function bucket_take(key, level, need, now)
  redis.call('HSET', key, 'tokens', level - need, 'ts', now)
  redis.call('PEXPIRE', key, 120000)
end
`;

// KEYS: per budget (counter, reservations, throttle); per rate policy (buckets, inflight).
// A policy's request and token buckets are one hash (fields rt/rts and tt/tts): one read and one write for both.
// ARGV: now, member, ttl, cost, tokens, nBudgets, nPolicies,
//       per budget (amount, mode, throttleRpm, expireAt), per policy (rpm, tpm, maxConcurrent).
// mode: 0 track (soft), 1 block, 2 downgrade (caller re-admits a cheaper model), 3 throttle.
// Returns {'ok', limitReq, remainingReq, resetReqMs, limitTok, remainingTok, resetTokMs}
//      or {'budget'|'downgrade'|'throttle'|'rpm'|'tpm'|'concurrency', index, retryMs, spent, reserved}.
const ADMIT = `${HELPERS}
local function run(KEYS, ARGV)
local now, member, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local cost, tokens = tonumber(ARGV[4]), tonumber(ARGV[5])
local nb, np = tonumber(ARGV[6]), tonumber(ARGV[7])
local throttled = {}
for i = 1, nb do
  local ck, rk, tk = KEYS[3*i-2], KEYS[3*i-1], KEYS[3*i]
  local a = 8 + 4*(i-1)
  local amount, mode, thr = tonumber(ARGV[a]), tonumber(ARGV[a+1]), tonumber(ARGV[a+2])
  -- A tracked (soft) budget refuses nothing, so it holds no reservation: settle adds its spend.
  if mode > 0 then
    purge_reservations(ck, rk, now)
    -- Raw strings are returned (exact int64 text); the doubles are only compared.
    local state = redis.call('HMGET', ck, 'spent', 'reserved')
    local spentRaw, reservedRaw = state[1] or '0', state[2] or '0'
    if tonumber(spentRaw) + tonumber(reservedRaw) + cost > amount then
      if mode == 1 then return {'budget', i, 0, spentRaw, reservedRaw} end
      if mode == 2 then return {'downgrade', i, 0, spentRaw, reservedRaw} end
      local level = bucket_level(tk, thr, now)
      if level < 1 then return {'throttle', i, math.ceil((1 - level) * 60000 / thr), spentRaw, reservedRaw} end
      throttled[i] = level
    end
  end
end
local pk = 3*nb
local pa = 8 + 4*nb
local lim = {-1, -1, 0, -1, -1, 0}
local levels = {}
for j = 1, np do
  local bk, infk = KEYS[pk+2*j-1], KEYS[pk+2*j]
  local rpm, tpm, conc = tonumber(ARGV[pa+3*(j-1)]), tonumber(ARGV[pa+3*(j-1)+1]), tonumber(ARGV[pa+3*(j-1)+2])
  local rl, tl = nil, nil
  if rpm > 0 or tpm > 0 then
    local state = redis.call('HMGET', bk, 'rt', 'rts', 'tt', 'tts')
    if rpm > 0 then
      rl = level_of(tonumber(state[1]), tonumber(state[2]), rpm, now)
      if rl < 1 then return {'rpm', j, math.ceil((1 - rl) * 60000 / rpm), '0', '0'} end
      if lim[2] < 0 or rl - 1 < lim[2] then lim[1], lim[2], lim[3] = rpm, math.floor(rl - 1), math.ceil((rpm - (rl - 1)) * 60000 / rpm) end
    end
    if tpm > 0 then
      local need = math.min(tokens, tpm)
      tl = level_of(tonumber(state[3]), tonumber(state[4]), tpm, now)
      if tl < need then return {'tpm', j, math.ceil((need - tl) * 60000 / tpm), '0', '0'} end
      if lim[5] < 0 or tl - need < lim[5] then lim[4], lim[5], lim[6] = tpm, math.floor(tl - need), math.ceil((tpm - (tl - need)) * 60000 / tpm) end
    end
  end
  -- Lapsed slots (a crashed proxy's) are purged only when they could make the difference.
  if conc > 0 and redis.call('ZCARD', infk) >= conc then
    redis.call('ZREMRANGEBYSCORE', infk, '-inf', now)
    if redis.call('ZCARD', infk) >= conc then return {'concurrency', j, 1000, '0', '0'} end
  end
  levels[j] = {rl, tl}
end
-- Every check passed: now apply them all.
for i = 1, nb do
  local ck, rk, tk = KEYS[3*i-2], KEYS[3*i-1], KEYS[3*i]
  local a = 8 + 4*(i-1)
  if tonumber(ARGV[a+1]) > 0 then
    -- Nothing else reserved: a new counter, or an empty zset Redis deleted; (re)set their expiry.
    if redis.call('HINCRBY', ck, 'reserved', ARGV[4]) == cost then
      redis.call('PEXPIREAT', ck, ARGV[a+3])
      redis.call('ZADD', rk, now + ttl, member .. '|' .. ARGV[4])
      redis.call('PEXPIREAT', rk, ARGV[a+3])
    else
      redis.call('ZADD', rk, now + ttl, member .. '|' .. ARGV[4])
    end
  end
  if throttled[i] then bucket_take(tk, throttled[i], 1, now) end
end
for j = 1, np do
  local bk, infk = KEYS[pk+2*j-1], KEYS[pk+2*j]
  local tpm, conc = tonumber(ARGV[pa+3*(j-1)+1]), tonumber(ARGV[pa+3*(j-1)+2])
  local rl, tl = levels[j][1], levels[j][2]
  if rl and tl then redis.call('HSET', bk, 'rt', rl - 1, 'rts', now, 'tt', tl - math.min(tokens, tpm), 'tts', now)
  elseif rl then redis.call('HSET', bk, 'rt', rl - 1, 'rts', now)
  elseif tl then redis.call('HSET', bk, 'tt', tl - math.min(tokens, tpm), 'tts', now) end
  if rl or tl then redis.call('PEXPIRE', bk, 120000) end
  if conc > 0 then
    redis.call('ZADD', infk, now + ttl, member)
    redis.call('PEXPIRE', infk, ttl)
  end
end
return {'ok', lim[1], lim[2], lim[3], lim[4], lim[5], lim[6]}
end
`;

// KEYS: settled marker, per budget (counter, reservations), per policy (buckets, inflight).
// ARGV: member, cost, reserved amount, markerTtl, nBudgets, nPolicies,
//       per budget (held: 1 when admission reserved on it, expireAt), per policy (tpm, token refund).
// The marker makes settle idempotent per request id and attempt: spend is
// added once however often it is retried; the reservation is released once.
// Returns each budget's spent after settling (as strings), or {} on a repeat.
const SETTLE = `${RELEASE}
local function run(KEYS, ARGV)
local member = ARGV[1]
local nb, np = tonumber(ARGV[5]), tonumber(ARGV[6])
local first = redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[4])
local out = {}
for i = 1, nb do
  local ck, rk = KEYS[1+2*i-1], KEYS[1+2*i]
  local held, expireAt = ARGV[6+2*i-1], ARGV[6+2*i]
  if held == '1' and redis.call('ZREM', rk, member .. '|' .. ARGV[3]) == 1 then release(ck, ARGV[3]) end
  if first then
    -- An integer reply: exact below 2^53 nano-dollars, like the comparisons.
    local spent = redis.call('HINCRBY', ck, 'spent', ARGV[2])
    -- A counter no reservation created (a tracked budget's first spend) gets its expiry here.
    if held ~= '1' and spent == tonumber(ARGV[2]) then redis.call('PEXPIREAT', ck, expireAt) end
    out[i] = spent
  end
end
local pa = 6 + 2*nb
for j = 1, np do
  local bk, infk = KEYS[1+2*nb+2*j-1], KEYS[1+2*nb+2*j]
  redis.call('ZREM', infk, member)
  local tpm, refund = tonumber(ARGV[pa+2*j-1]), tonumber(ARGV[pa+2*j])
  if first and tpm > 0 and refund ~= 0 then
    local t = tonumber(redis.call('HGET', bk, 'tt'))
    if t then redis.call('HSET', bk, 'tt', math.min(tpm, t + refund)) end
  end
end
if not first then return {} end
return out
end
`;

type AdmitReply = (string | number)[];
type SettleReply = number[];

export interface LimitCommands {
  /** Runs the admission script; calls of one event-loop turn share one EVALSHA (lib/redis/script-batcher.ts). */
  limitAdmit: ScriptBatcher<AdmitReply>;
  /** Runs the settle script, batched the same way. */
  limitSettle: ScriptBatcher<SettleReply>;
}

type BatchCommand = (keyCount: number, ...keysAndArgs: (string | number)[]) => Promise<unknown[]>;

/** Registers the scripts on a connection (ioredis sends EVALSHA and falls back to EVAL once). */
export function withLimitScripts(redis: Redis): Redis & LimitCommands {
  if (!("limitAdmit" in redis)) {
    redis.defineCommand("tollgateAdmitBatch", { lua: batchedLua(ADMIT) });
    redis.defineCommand("tollgateSettleBatch", { lua: batchedLua(SETTLE) });
    const commands = redis as unknown as Record<string, BatchCommand>;
    Object.assign(redis, {
      limitAdmit: new ScriptBatcher<AdmitReply>((n, ...rest) => commands.tollgateAdmitBatch!.call(redis, n, ...rest)),
      limitSettle: new ScriptBatcher<SettleReply>((n, ...rest) => commands.tollgateSettleBatch!.call(redis, n, ...rest)),
    });
  }
  return redis as Redis & LimitCommands;
}
