// Sign-in attempt limiting, shared by every web process through Redis: a
// fixed window of failed attempts per account (the email, known or not, so
// the answer never reveals which emails exist) and per client address.
// The web server refuses a limited attempt with 429 before next-auth sees it
// (lib/web/guard-sign-in.ts); authorize counts failures and re-checks, so a
// burst of parallel guesses cannot slip past the pre-check.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export const SIGN_IN_LIMITS = {
  /** Failed attempts per email per window; then that email is refused until the window ends. */
  account: { maxFailures: 10, windowSeconds: 15 * 60 },
  /** Failed attempts per client address per window (offices behind one NAT share it). */
  address: { maxFailures: 50, windowSeconds: 15 * 60 },
} as const;

export type LimitScope = keyof typeof SIGN_IN_LIMITS;

export interface SignInAttempt {
  email: string;
  address: string;
}

function keys(attempt: SignInAttempt): Record<LimitScope, string> {
  const email = createHash("sha256").update(attempt.email.trim().toLowerCase()).digest("hex");
  return { account: `tollgate:signin:fail:account:${email}`, address: `tollgate:signin:fail:address:${attempt.address}` };
}

/** null when the attempt may proceed, else the seconds until it may. */
export async function signInRetryAfter(redis: Redis, attempt: SignInAttempt): Promise<number | null> {
  const k = keys(attempt);
  const replies = (await redis.multi().get(k.account).ttl(k.account).get(k.address).ttl(k.address).exec()) ?? [];
  const [account, accountTtl, address, addressTtl] = replies.map(([, value]) => Number(value ?? 0));
  const waits = [
    account! >= SIGN_IN_LIMITS.account.maxFailures ? Math.max(1, accountTtl!) : 0,
    address! >= SIGN_IN_LIMITS.address.maxFailures ? Math.max(1, addressTtl!) : 0,
  ];
  const wait = Math.max(...waits);
  return wait > 0 ? wait : null;
}

/** Counts a failed attempt; returns the scopes this failure has just locked (for the audit log). */
export async function recordSignInFailure(redis: Redis, attempt: SignInAttempt): Promise<LimitScope[]> {
  const k = keys(attempt);
  const replies = (await redis
    .multi()
    .set(k.account, 0, "EX", SIGN_IN_LIMITS.account.windowSeconds, "NX")
    .incr(k.account)
    .set(k.address, 0, "EX", SIGN_IN_LIMITS.address.windowSeconds, "NX")
    .incr(k.address)
    .exec()) as [unknown, unknown][];
  const locked: LimitScope[] = [];
  if (Number(replies[1]![1]) === SIGN_IN_LIMITS.account.maxFailures) locked.push("account");
  if (Number(replies[3]![1]) === SIGN_IN_LIMITS.address.maxFailures) locked.push("address");
  return locked;
}

/** A successful sign-in forgets the account's failures (not the address's). */
export async function clearAccountFailures(redis: Redis, attempt: SignInAttempt): Promise<void> {
  await redis.del(keys(attempt).account);
}
