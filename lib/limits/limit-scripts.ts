// The two Lua scripts behind enforcement. Each runs atomically in Redis,
// so concurrent requests on any number of proxy instances cannot both take
// the last dollar (no check-then-increment race).
//
// Money is in integer nano-dollars and changed with HINCRBY (exact, int64);
// Lua compares in doubles, exact below 2^53 nano-dollars (about $9M per
// budget period). Rate limiters are token buckets refilled continuously.
import type { Redis } from "ioredis";
import { BatchGroup, batchedLua, ScriptBatcher } from "../redis/script-batcher";

/** The largest amount (nano-dollars) or token count the scripts take: exact as a Lua double and as int64. */
export const MAX_SCRIPT_INTEGER = Number.MAX_SAFE_INTEGER;
const MAX_SCRIPT_NANO = BigInt(MAX_SCRIPT_INTEGER);

/** Bounds a nano-dollar amount for the scripts: above it, every budget is exceeded anyway. */
export function boundedNano(nano: bigint): bigint {
  return nano > MAX_SCRIPT_NANO ? MAX_SCRIPT_NANO : nano < 0n ? 0n : nano;
}

/** boundedNano, as the scripts' argument text. */
export function scriptNano(nano: bigint): string {
  return boundedNano(nano).toString();
}

/** Bounds a token count for the scripts (a non-negative integer). */
export function scriptTokens(tokens: number): number {
  return Number.isFinite(tokens) ? Math.min(MAX_SCRIPT_INTEGER, Math.max(0, Math.ceil(tokens))) : MAX_SCRIPT_INTEGER;
}

// Shared helpers. A reservation is a member "<request id>:<attempt>|<amount>"
// of the budget's reservations zset (score = when it lapses), so releasing it
// needs no other lookup. Lapsed ones (a crashed proxy never settled) are
// released on the next admission, so leaks heal themselves.
//
// Both scripts run a batch of calls (lib/redis/script-batcher.ts), and the
// calls of a batch mostly touch the same few hashes (a key's budget counter
// and rate buckets). So each hash is read once per batch into a Lua table,
// every call reads and updates the table, and finish() writes it back once:
// the state each call sees is exactly the one separate calls would have
// seen, for one HMGET and one write per hash instead of one each per call.
// What a call adds to a counter is summed and written with HINCRBY (exact
// int64); a sum is written early before it could pass 2^53, where doubles
// stop being exact.
const MAX_EXACT = 9007199254740991;
const COUNTERS = `
local EXACT = ${MAX_EXACT}
local counters, order = {}, {}
-- A field that is not an integer (a corrupt hash) fails the call that reads it, before it changes
-- anything, as the HINCRBY of a separate call would have; it is never cached, so it cannot fail the batch's write-back.
local function int_field(ck, raw)
  if not string.match(raw, '^-?%d+$') then error('ERR budget counter ' .. ck .. ' holds a non-integer') end
  return raw
end
local function counter(ck)
  local c = counters[ck]
  if not c then
    local state = redis.call('HMGET', ck, 'spent', 'reserved')
    c = {spentRaw = int_field(ck, state[1] or '0'), reservedRaw = int_field(ck, state[2] or '0'), spentAdd = 0, reservedAdd = 0, stale = false}
    c.spent, c.reserved = tonumber(c.spentRaw), tonumber(c.reservedRaw)
    counters[ck] = c
    order[#order + 1] = ck
  end
  return c
end
local function write_counter(ck, c)
  if c.spentAdd ~= 0 then
    redis.call('HINCRBY', ck, 'spent', string.format('%.0f', c.spentAdd))
    c.spentAdd, c.stale = 0, true
  end
  if c.reservedAdd ~= 0 then
    redis.call('HINCRBY', ck, 'reserved', string.format('%.0f', c.reservedAdd))
    c.reservedAdd, c.stale = 0, true
  end
end
-- field: 'spent' or 'reserved'; amount: a number (exact below 2^53).
local function add(ck, field, amount)
  local c = counter(ck)
  local key = field .. 'Add'
  if math.abs(c[key] + amount) > EXACT then write_counter(ck, c) end
  c[key] = c[key] + amount
  c[field] = c[field] + amount
end
-- Adds at once (what is pending first), so the key exists, even for 0, before its expiry is set.
local function add_now(ck, field, amountRaw)
  local c = counter(ck)
  write_counter(ck, c)
  c[field] = tonumber(redis.call('HINCRBY', ck, field, amountRaw))
  c.stale = true
end
-- The exact int64 text of both fields (for a refusal's report): once anything was written, read again.
local function exact_state(ck)
  local c = counter(ck)
  write_counter(ck, c)
  if c.stale then
    local state = redis.call('HMGET', ck, 'spent', 'reserved')
    c.spentRaw, c.reservedRaw, c.stale = state[1] or '0', state[2] or '0', false
  end
  return c.spentRaw, c.reservedRaw
end
local function write_counters()
  for _, ck in ipairs(order) do write_counter(ck, counters[ck]) end
end
`;

const HELPERS = `${COUNTERS}
local purged = {}
local function purge_reservations(ck, rk, now)
  if purged[rk] then return end
  purged[rk] = true
  -- Once per batch (a batch holds up to 32 calls, each of which purged up to 100 when they ran apart).
  local lapsed = redis.call('ZRANGEBYSCORE', rk, '-inf', now, 'LIMIT', 0, 1000)
  for _, m in ipairs(lapsed) do
    local amt = tonumber(string.match(m, '|(%d+)$') or '0')
    if amt ~= 0 then add(ck, 'reserved', -amt) end
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
-- A policy's request and token buckets (one hash), read once per batch, written back by finish().
local buckets, bucketOrder = {}, {}
local function rate_buckets(bk)
  local b = buckets[bk]
  if not b then
    local state = redis.call('HMGET', bk, 'rt', 'rts', 'tt', 'tts')
    b = {rt = tonumber(state[1]), rts = tonumber(state[2]), tt = tonumber(state[3]), tts = tonumber(state[4])}
    buckets[bk] = b
    bucketOrder[#bucketOrder + 1] = bk
  end
  return b
end
-- Writes back the buckets a batch changed (each hash once).
local function write_buckets()
  for _, bk in ipairs(bucketOrder) do
    local b = buckets[bk]
    if b.rdirty and b.tdirty then redis.call('HSET', bk, 'rt', b.rt, 'rts', b.rts, 'tt', b.tt, 'tts', b.tts)
    elseif b.rdirty then redis.call('HSET', bk, 'rt', b.rt, 'rts', b.rts)
    elseif b.tdirty then redis.call('HSET', bk, 'tt', b.tt, 'tts', b.tts) end
    if b.rdirty or b.tdirty then redis.call('PEXPIRE', bk, 120000) end
  end
end
-- A policy's in-flight slots: their count, read once per batch; each admission's ZADD adds one.
local inflight, inflightTtl, inflightOrder = {}, {}, {}
local function inflight_count(infk)
  if not inflight[infk] then
    inflight[infk] = redis.call('ZCARD', infk)
    inflightOrder[#inflightOrder + 1] = infk
  end
  return inflight[infk]
end
`;

// Shared (one per set of limits, sent once per batch; lib/redis/script-batcher.ts):
//   SK: per budget (counter, reservations, throttle); per rate policy (buckets, inflight).
//   A policy's request and token buckets are one hash (fields rt/rts and tt/tts): one read and one write for both.
//   SA: nBudgets, nPolicies, per budget (amount, mode, throttleRpm, expireAt), per policy (rpm, tpm, maxConcurrent).
// Own: ARGV: now, member, ttl, cost, tokens.
// mode: 0 track (soft), 1 block, 2 downgrade (caller re-admits a cheaper model), 3 throttle.
// Returns {'ok', limitReq, remainingReq, resetReqMs, limitTok, remainingTok, resetTokMs}
//      or {'budget'|'downgrade'|'throttle'|'rpm'|'tpm'|'concurrency', index, retryMs, spent, reserved}.
const ADMIT = `${HELPERS}
local function run(SK, SA, KEYS, ARGV)
local now, member, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local costRaw, tokens = ARGV[4], tonumber(ARGV[5])
local cost = tonumber(costRaw)
local nb, np = tonumber(SA[1]), tonumber(SA[2])
local throttled = {}
for i = 1, nb do
  local ck, rk, tk = SK[3*i-2], SK[3*i-1], SK[3*i]
  local a = 3 + 4*(i-1)
  local amount, mode, thr = tonumber(SA[a]), tonumber(SA[a+1]), tonumber(SA[a+2])
  -- A tracked (soft) budget refuses nothing, so it holds no reservation: settle adds its spend.
  if mode > 0 then
    purge_reservations(ck, rk, now)
    local c = counter(ck)
    if c.spent + c.reserved + cost > amount then
      -- Raw strings are returned (exact int64 text); the doubles are only compared.
      if mode == 1 then local sp, rs = exact_state(ck); return {'budget', i, 0, sp, rs} end
      if mode == 2 then local sp, rs = exact_state(ck); return {'downgrade', i, 0, sp, rs} end
      local level = bucket_level(tk, thr, now)
      if level < 1 then local sp, rs = exact_state(ck); return {'throttle', i, math.ceil((1 - level) * 60000 / thr), sp, rs} end
      throttled[i] = level
    end
  end
end
local pk = 3*nb
local pa = 3 + 4*nb
local lim = {-1, -1, 0, -1, -1, 0}
local levels = {}
for j = 1, np do
  local bk, infk = SK[pk+2*j-1], SK[pk+2*j]
  local rpm, tpm, conc = tonumber(SA[pa+3*(j-1)]), tonumber(SA[pa+3*(j-1)+1]), tonumber(SA[pa+3*(j-1)+2])
  local rl, tl = nil, nil
  if rpm > 0 or tpm > 0 then
    local b = rate_buckets(bk)
    if rpm > 0 then
      rl = level_of(b.rt, b.rts, rpm, now)
      if rl < 1 then return {'rpm', j, math.ceil((1 - rl) * 60000 / rpm), '0', '0'} end
      if lim[2] < 0 or rl - 1 < lim[2] then lim[1], lim[2], lim[3] = rpm, math.floor(rl - 1), math.ceil((rpm - (rl - 1)) * 60000 / rpm) end
    end
    if tpm > 0 then
      local need = math.min(tokens, tpm)
      tl = level_of(b.tt, b.tts, tpm, now)
      if tl < need then return {'tpm', j, math.ceil((need - tl) * 60000 / tpm), '0', '0'} end
      if lim[5] < 0 or tl - need < lim[5] then lim[4], lim[5], lim[6] = tpm, math.floor(tl - need), math.ceil((tpm - (tl - need)) * 60000 / tpm) end
    end
  end
  -- Lapsed slots (a crashed proxy's) are purged only when they could make the difference.
  if conc > 0 and inflight_count(infk) >= conc then
    redis.call('ZREMRANGEBYSCORE', infk, '-inf', now)
    inflight[infk] = redis.call('ZCARD', infk)
    if inflight[infk] >= conc then return {'concurrency', j, 1000, '0', '0'} end
  end
  levels[j] = {rl, tl}
end
-- Every check passed: now apply them all.
for i = 1, nb do
  local ck, rk, tk = SK[3*i-2], SK[3*i-1], SK[3*i]
  local a = 3 + 4*(i-1)
  if tonumber(SA[a+1]) > 0 then
    local c = counter(ck)
    if c.reserved == 0 then
      -- Nothing else reserved: a new counter, or an empty zset Redis deleted. Written now, so the keys
      -- exist when their expiry is (re)set.
      add_now(ck, 'reserved', costRaw)
      redis.call('PEXPIREAT', ck, SA[a+3])
      redis.call('ZADD', rk, now + ttl, member .. '|' .. costRaw)
      redis.call('PEXPIREAT', rk, SA[a+3])
    else
      add(ck, 'reserved', cost)
      redis.call('ZADD', rk, now + ttl, member .. '|' .. costRaw)
    end
  end
  if throttled[i] then bucket_take(tk, throttled[i], 1, now) end
end
for j = 1, np do
  local bk, infk = SK[pk+2*j-1], SK[pk+2*j]
  local tpm, conc = tonumber(SA[pa+3*(j-1)+1]), tonumber(SA[pa+3*(j-1)+2])
  local rl, tl = levels[j][1], levels[j][2]
  if rl or tl then
    local b = buckets[bk]
    if rl then b.rt, b.rts, b.rdirty = rl - 1, now, true end
    if tl then b.tt, b.tts, b.tdirty = tl - math.min(tokens, tpm), now, true end
  end
  if conc > 0 then
    inflight[infk] = inflight_count(infk) + redis.call('ZADD', infk, now + ttl, member)
    inflightTtl[infk] = ttl
  end
end
return {'ok', lim[1], lim[2], lim[3], lim[4], lim[5], lim[6]}
end
local function finish()
  write_counters()
  write_buckets()
  for _, infk in ipairs(inflightOrder) do
    if inflightTtl[infk] then redis.call('PEXPIRE', infk, inflightTtl[infk]) end
  end
end
`;

// Shared: SK: per budget (counter, reservations), per policy (buckets, inflight).
//         SA: nBudgets, nPolicies, per budget (held: 1 when admission reserves on it, expireAt), per policy tpm.
// Own: KEYS: the settled marker. ARGV: member, cost, reserved amount, markerTtl, per policy the token refund.
// The marker makes settle idempotent per request id and attempt: spend is
// added once however often it is retried; the reservation is released once.
// Returns each budget's spent after settling, or {} on a repeat.
const SETTLE = `${COUNTERS}
local tokenLevels, tokenOrder = {}, {}
local function run(SK, SA, KEYS, ARGV)
local member, reservedRaw = ARGV[1], ARGV[3]
local cost, reserved = tonumber(ARGV[2]), tonumber(reservedRaw)
local nb, np = tonumber(SA[1]), tonumber(SA[2])
local first = redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[4])
local out = {}
for i = 1, nb do
  local ck, rk = SK[2*i-1], SK[2*i]
  local held, expireAt = SA[2+2*i-1], SA[2+2*i]
  if held == '1' and redis.call('ZREM', rk, member .. '|' .. reservedRaw) == 1 and reserved ~= 0 then add(ck, 'reserved', -reserved) end
  if first then
    local c = counter(ck)
    -- A counter no reservation created (a tracked budget's first spend) gets its expiry here, once it exists.
    if held ~= '1' and c.spent == 0 then
      add_now(ck, 'spent', ARGV[2])
      redis.call('PEXPIREAT', ck, expireAt)
    else
      add(ck, 'spent', cost)
    end
    -- An integer reply: exact below 2^53 nano-dollars, like the comparisons.
    out[i] = c.spent
  end
end
local pa = 2 + 2*nb
for j = 1, np do
  local bk, infk = SK[2*nb+2*j-1], SK[2*nb+2*j]
  redis.call('ZREM', infk, member)
  local tpm, refund = tonumber(SA[pa+j]), tonumber(ARGV[4+j])
  if first and tpm > 0 and refund ~= 0 then
    if tokenLevels[bk] == nil then
      tokenLevels[bk] = tonumber(redis.call('HGET', bk, 'tt')) or false
      tokenOrder[#tokenOrder + 1] = bk
    end
    if tokenLevels[bk] then tokenLevels[bk] = math.min(tpm, tokenLevels[bk] + refund) end
  end
end
if not first then return {} end
return out
end
local function finish()
  write_counters()
  for _, bk in ipairs(tokenOrder) do
    if tokenLevels[bk] then redis.call('HSET', bk, 'tt', tokenLevels[bk]) end
  end
end
`;

// A lease (lib/limits/admission-leases.ts): one process's allowance, taken in one call, from which it
// admits requests without a round trip. It is held in Redis as ordinary reservations, so every
// admission on every instance sees it: on each enforced budget a reservation member
// "<lease member>|<amount>", on each concurrency limit "<lease member>#<k>" slot members, both lapsing
// like a request's; request and token buckets give up the tokens at once. A call gives back the
// process's previous lease (once: its alive key), carries what its unsettled requests hold into the
// new one, and grants the wanted allowance only if at most 1/share of what is left is asked for on
// every limit (so near a limit no lease is granted and each request asks Redis itself).
// KEYS and the first ARGV: the admission's shared part (SK, SA above). Then ARGV (own):
//   now, ttl, newMember, newAlive, share, wants (1: grant if there is room), carryAmount, carrySlots,
//   wantAmount, wantReq, wantTok, wantSlots, then how many leases to give back and for each (the previous
//   one, and those whose call got no answer): member, alive, whole (1: all it took), unusedReq, unusedTok.
// Returns {open (1/0), held amount, held slots, request level after, token level after} (levels -1 without such a limit).
const LEASE = `${HELPERS}
local SK = KEYS
local nb, np = tonumber(ARGV[1]), tonumber(ARGV[2])
local sa = 2 + 4*nb + 3*np
local function own(i) return ARGV[sa + i] end
local now, ttl = tonumber(own(1)), tonumber(own(2))
local newM, newAlive = own(3), own(4)
local share = tonumber(own(5))
local open = own(6) == '1'
local carry, carrySlots = tonumber(own(7)), tonumber(own(8))
local wantAmount, wantReq, wantTok, wantSlots = tonumber(own(9)), tonumber(own(10)), tonumber(own(11)), tonumber(own(12))
local pk, pa = 3*nb, 3 + 4*nb
local function policy(j) return SK[pk+2*j-1], SK[pk+2*j], tonumber(ARGV[pa+3*(j-1)]), tonumber(ARGV[pa+3*(j-1)+1]), tonumber(ARGV[pa+3*(j-1)+2]) end
-- Slot members "<member>#1".."#n", in chunks (Lua's unpack takes a few thousand values at most).
local function slots_call(cmd, infk, m, n, score)
  local k = 1
  while k <= n do
    local part = {}
    for x = k, math.min(n, k + 499) do
      if score then part[#part + 1] = score end
      part[#part + 1] = m .. '#' .. x
    end
    redis.call(cmd, infk, unpack(part))
    k = k + 500
  end
end
-- A lease given back, once: its alive key (deleted by the first call that returns it) says what it holds,
-- "amount,slots,requests,tokens" (the last two taken from the buckets). Given back: the reservation, the slots,
-- and the tokens it did not use (a negative count: tokens its requests used beyond what they held); whole '1':
-- all it took (a lease whose call got no answer, so nothing was admitted from it).
local function give_back(m, alive, whole, unusedReq, unusedTok)
  if m == '' then return end
  local held = redis.call('GET', alive)
  if not held then return end
  redis.call('DEL', alive)
  local amountRaw, slots, takenReq, takenTok = string.match(held, '^(%d+),(%d+),(%d+),(%d+)$')
  slots = tonumber(slots)
  if whole == '1' then unusedReq, unusedTok = tonumber(takenReq), tonumber(takenTok) end
  for i = 1, nb do
    local ck, rk = SK[3*i-2], SK[3*i-1]
    if tonumber(ARGV[3 + 4*(i-1) + 1]) > 0 and redis.call('ZREM', rk, m .. '|' .. amountRaw) == 1 then add(ck, 'reserved', -tonumber(amountRaw)) end
  end
  for j = 1, np do
    local bk, infk, rpm, tpm, conc = policy(j)
    if (rpm > 0 and unusedReq > 0) or (tpm > 0 and unusedTok ~= 0) then
      local b = rate_buckets(bk)
      if rpm > 0 and unusedReq > 0 then b.rt, b.rts, b.rdirty = math.min(rpm, level_of(b.rt, b.rts, rpm, now) + unusedReq), now, true end
      if tpm > 0 and unusedTok ~= 0 then b.tt, b.tts, b.tdirty = math.min(tpm, level_of(b.tt, b.tts, tpm, now) + unusedTok), now, true end
    end
    if conc > 0 and slots > 0 then slots_call('ZREM', infk, m, slots, nil) end
  end
  write_counters()
end
-- The previous lease, and those whose call got no answer (applied or not: their alive keys tell).
for g = 1, tonumber(own(13)) do
  local o = 13 + 5*(g-1)
  give_back(own(o+1), own(o+2), own(o+3), tonumber(own(o+4)), tonumber(own(o+5)))
end
for i = 1, nb do
  local ck, rk = SK[3*i-2], SK[3*i-1]
  local a = 3 + 4*(i-1)
  if tonumber(ARGV[a+1]) > 0 then
    purge_reservations(ck, rk, now)
    local c = counter(ck)
    if tonumber(ARGV[a]) - c.spent - c.reserved - carry < wantAmount * share then open = false end
  end
end
local levels = {}
for j = 1, np do
  local bk, infk, rpm, tpm, conc = policy(j)
  local rl, tl = nil, nil
  if rpm > 0 or tpm > 0 then
    local b = rate_buckets(bk)
    if rpm > 0 then rl = level_of(b.rt, b.rts, rpm, now) end
    if tpm > 0 then tl = level_of(b.tt, b.tts, tpm, now) end
    if (rl and rl < wantReq * share) or (tl and tl < wantTok * share) then open = false end
  end
  if conc > 0 then
    redis.call('ZREMRANGEBYSCORE', infk, '-inf', now)
    if conc - redis.call('ZCARD', infk) - carrySlots < wantSlots * share then open = false end
  end
  levels[j] = {rl, tl}
end
local amount = carry + (open and wantAmount or 0)
local slots = carrySlots + (open and wantSlots or 0)
local held = open
if amount > 0 then
  local raw = string.format('%.0f', amount)
  for i = 1, nb do
    local ck, rk = SK[3*i-2], SK[3*i-1]
    local a = 3 + 4*(i-1)
    if tonumber(ARGV[a+1]) > 0 then
      add_now(ck, 'reserved', raw)
      redis.call('PEXPIREAT', ck, ARGV[a+3])
      redis.call('ZADD', rk, now + ttl, newM .. '|' .. raw)
      redis.call('PEXPIREAT', rk, ARGV[a+3])
      held = true
    end
  end
end
local reqAfter, tokAfter = -1, -1
for j = 1, np do
  local bk, infk, rpm, tpm, conc = policy(j)
  local rl, tl = levels[j][1], levels[j][2]
  if open and (rl or tl) then
    local b = buckets[bk]
    if rl then
      b.rt, b.rts, b.rdirty = rl - wantReq, now, true
      if reqAfter < 0 or b.rt < reqAfter then reqAfter = b.rt end
    end
    if tl then
      b.tt, b.tts, b.tdirty = tl - wantTok, now, true
      if tokAfter < 0 or b.tt < tokAfter then tokAfter = b.tt end
    end
  end
  if conc > 0 and slots > 0 then
    slots_call('ZADD', infk, newM, slots, now + ttl)
    redis.call('PEXPIRE', infk, ttl)
    held = true
  end
end
if held then
  local taken = open and 1 or 0
  redis.call('SET', newAlive, string.format('%.0f', amount) .. ',' .. slots .. ',' .. string.format('%.0f', taken * wantReq) .. ',' .. string.format('%.0f', taken * wantTok), 'PX', ttl)
end
write_counters()
write_buckets()
return {open and 1 or 0, string.format('%.0f', amount), slots, math.floor(reqAfter), math.floor(tokAfter)}
`;

type AdmitReply = (string | number)[];
type SettleReply = number[];

/** What a lease call answered: [open (1/0), held amount (nano-dollars, text), held slots, request level after, token level after]. */
export type LeaseReply = [number, string, number, number, number];

export interface LimitCommands {
  /** Runs the lease script once (not batched: a process calls it about once a second per set of limits). */
  limitLease(keys: readonly string[], args: readonly (string | number)[]): Promise<LeaseReply>;
  /** Runs the admission script; calls of one event-loop turn share one EVALSHA (lib/redis/script-batcher.ts). */
  limitAdmit: ScriptBatcher<AdmitReply>;
  /** Runs the settle script, batched the same way. */
  limitSettle: ScriptBatcher<SettleReply>;
}

type BatchCommand = (keyCount: number, keysAndArgs: (string | number)[]) => Promise<unknown[]>;

const BATCH_COMMANDS = ["tollgateAdmitBatch", "tollgateSettleBatch"];

/** Registers the scripts on a connection (ioredis sends EVALSHA and falls back to EVAL once). */
export function withLimitScripts(redis: Redis): Redis & LimitCommands {
  if (!("limitAdmit" in redis)) {
    redis.defineCommand("tollgateAdmitBatch", { lua: batchedLua(ADMIT) });
    redis.defineCommand("tollgateSettleBatch", { lua: batchedLua(SETTLE) });
    redis.defineCommand("tollgateLease", { lua: LEASE });
    // The batchers already gather a turn's calls into one command each: ioredis's auto-pipelining would only
    // add a pipeline object and another turn of delay per batch. Both batchers send from one callback, on a
    // corked socket: the turn's admission and settle batches leave in one write.
    const ignored = redis.options.autoPipeliningIgnoredCommands ?? [];
    redis.options.autoPipeliningIgnoredCommands = [...ignored, ...BATCH_COMMANDS.filter((c) => !ignored.includes(c))];
    const group = new BatchGroup((sendAll) => {
      const socket = redis.status === "ready" ? redis.stream : null;
      socket?.cork();
      try {
        sendAll();
      } finally {
        socket?.uncork();
      }
    });
    const commands = redis as unknown as Record<string, BatchCommand>;
    Object.assign(redis, {
      limitAdmit: new ScriptBatcher<AdmitReply>((n, rest) => commands.tollgateAdmitBatch!.call(redis, n, rest), undefined, group),
      limitSettle: new ScriptBatcher<SettleReply>((n, rest) => commands.tollgateSettleBatch!.call(redis, n, rest), undefined, group),
      limitLease: (keys: readonly string[], args: readonly (string | number)[]) => commands.tollgateLease!.call(redis, keys.length, [...keys, ...args]) as Promise<unknown> as Promise<LeaseReply>,
    });
  }
  return redis as Redis & LimitCommands;
}
