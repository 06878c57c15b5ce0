// Sign-in attempt limiting, shared by every web process through Redis: a
// fixed window of attempts per account (the email, known or not, so the
// answer never reveals which emails exist) and per client address.
//
// An attempt is counted atomically BEFORE its password is verified (one Lua
// script: refuse when a count is at its limit, else increment both), so N
// guesses sent at once cannot all pass a read that precedes the first
// increment: at most maxFailures passwords are verified per window. A
// successful sign-in then forgets the account's count and takes its attempt
// off the address's (so only failures count there).
//
// The web server claims the attempt before next-auth sees it (429 when
// refused; lib/web/guard-sign-in.ts) and hands the claim to authorize under a
// one-time random id; authorize counts the attempt itself when it has no
// valid claim (Next run without the web server, or a forged id), so an
// attempt is counted exactly once either way.
import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

export const SIGN_IN_LIMITS = {
  /** Failed attempts per email per window; then that email is refused until the window ends. */
  account: { maxFailures: 10, windowSeconds: 15 * 60 },
  /** Failed attempts per client address per window (offices behind one NAT share it). */
  address: { maxFailures: 50, windowSeconds: 15 * 60 },
} as const;

/** Set by the web server only (a client's value is removed): the id of the claim authorize takes. */
export const CLAIM_HEADER = "x-tollgate-sign-in-claim";

/** How long a claim waits for authorize (the request is in Next by then). */
const CLAIM_TTL_SECONDS = 120;

export type LimitScope = keyof typeof SIGN_IN_LIMITS;

export interface SignInAttempt {
  email: string;
  address: string;
}

/** The attempt's place in each window: 1 for the first attempt. */
export interface AttemptCounts {
  account: number;
  address: number;
}

export type SignInClaim = { ok: true; counts: AttemptCounts; claimId: string } | { ok: false; retryAfter: number };

function keys(attempt: SignInAttempt) {
  const email = createHash("sha256").update(attempt.email.trim().toLowerCase()).digest("hex");
  return { account: `tollgate:signin:fail:account:${email}`, address: `tollgate:signin:fail:address:${attempt.address}` };
}

const claimKey = (claimId: string) => `tollgate:signin:claim:${claimId}`;

// KEYS: account, address, claim. ARGV: account max, account window, address max, address window, claim ttl.
// Returns {0, account wait, address wait} when refused, {1, account count, address count} when counted.
const CLAIM_SCRIPT = `
local account = tonumber(redis.call('GET', KEYS[1]) or '0')
local address = tonumber(redis.call('GET', KEYS[2]) or '0')
local accountFull = account >= tonumber(ARGV[1])
local addressFull = address >= tonumber(ARGV[3])
if accountFull or addressFull then
  return {0, accountFull and redis.call('TTL', KEYS[1]) or 0, addressFull and redis.call('TTL', KEYS[2]) or 0}
end
account = redis.call('INCR', KEYS[1])
if account == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
address = redis.call('INCR', KEYS[2])
if address == 1 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
if #KEYS == 3 then redis.call('SET', KEYS[3], KEYS[1] .. ' ' .. KEYS[2] .. ' ' .. account .. ' ' .. address, 'EX', ARGV[5]) end
return {1, account, address}
`;

/**
 * Counts the attempt, or refuses it (nothing counted) while the account or the address is at its limit.
 * With handOff, the counts are kept under the returned claimId for authorize (takeSignInClaim).
 */
export async function claimSignInAttempt(redis: Redis, attempt: SignInAttempt, handOff = false): Promise<SignInClaim> {
  const k = keys(attempt);
  const claimId = randomUUID();
  const { account, address } = SIGN_IN_LIMITS;
  const claimKeys = handOff ? [k.account, k.address, claimKey(claimId)] : [k.account, k.address];
  const [counted, a, b] = (await redis.eval(CLAIM_SCRIPT, claimKeys.length, ...claimKeys, account.maxFailures, account.windowSeconds, address.maxFailures, address.windowSeconds, CLAIM_TTL_SECONDS)) as [number, number, number];
  if (counted === 1) return { ok: true, counts: { account: a, address: b }, claimId };
  // TTL -1/-2 (no expiry / just expired): wait a second, never 0.
  return { ok: false, retryAfter: Math.max(1, a, b) };
}

/** The counts of a claim made by the web server for this attempt (once: the claim is consumed), or null. */
export async function takeSignInClaim(redis: Redis, claimId: string, attempt: SignInAttempt): Promise<AttemptCounts | null> {
  if (!/^[0-9a-f-]{36}$/.test(claimId)) return null;
  const value = await redis.getdel(claimKey(claimId));
  const [account, address, a, b] = value?.split(" ") ?? [];
  const k = keys(attempt);
  // A claim for another email or address is not this attempt's.
  if (account !== k.account || address !== k.address) return null;
  return { account: Number(a), address: Number(b) };
}

/** The scopes that a failed attempt with these counts has just locked (for the audit log). */
export function lockedScopes(counts: AttemptCounts): LimitScope[] {
  const locked: LimitScope[] = [];
  if (counts.account === SIGN_IN_LIMITS.account.maxFailures) locked.push("account");
  if (counts.address === SIGN_IN_LIMITS.address.maxFailures) locked.push("address");
  return locked;
}

// Decrements the address only while its window lasts (a DECR on an expired key would start one without expiry).
const FORGET_SCRIPT = `
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 and tonumber(redis.call('GET', KEYS[2])) > 0 then redis.call('DECR', KEYS[2]) end
return 1
`;

/** A successful sign-in forgets the account's count and takes its own attempt off the address's. */
export async function forgetSuccessfulAttempt(redis: Redis, attempt: SignInAttempt): Promise<void> {
  const k = keys(attempt);
  await redis.eval(FORGET_SCRIPT, 2, k.account, k.address);
}
