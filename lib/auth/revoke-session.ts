// Server-side end of a session. Sessions are next-auth JWTs; each carries a
// random session id (sid) and the time of its sign-in (authAt). A session is
// rolling (SESSION_IDLE_SECONDS from its last use) but never outlives
// SESSION_ABSOLUTE_SECONDS from sign-in, however often it is refreshed.
// Signing out records the sid as revoked in Redis for the rest of that
// absolute lifetime, so no copy of the cookie, refreshed or not, can outlast
// the revocation.
import type { Redis } from "ioredis";

/** Idle lifetime: a session unused this long ends (next-auth's rolling maxAge). */
export const SESSION_IDLE_SECONDS = 12 * 3600;
/** Absolute lifetime from sign-in: then the user signs in again. */
export const SESSION_ABSOLUTE_SECONDS = 24 * 3600;

const key = (sid: string) => `tollgate:session:revoked:${sid}`;

/** Seconds a revocation must last: until no copy of the session can be valid (at least a minute). */
export function revocationSeconds(authAtSeconds: number | undefined, nowMs = Date.now()): number {
  if (authAtSeconds === undefined) return SESSION_ABSOLUTE_SECONDS;
  return Math.min(SESSION_ABSOLUTE_SECONDS, Math.max(60, Math.ceil(authAtSeconds + SESSION_ABSOLUTE_SECONDS - nowMs / 1000)));
}

/** true when a session signed in at authAt is past its absolute lifetime (or has no sign-in time). */
export function isPastAbsoluteLifetime(authAtSeconds: unknown, nowMs = Date.now()): boolean {
  return typeof authAtSeconds !== "number" || !Number.isFinite(authAtSeconds) || authAtSeconds + SESSION_ABSOLUTE_SECONDS <= nowMs / 1000;
}

export async function revokeSession(redis: Redis, sid: string, authAtSeconds: number | undefined, nowMs = Date.now()): Promise<void> {
  await redis.set(key(sid), "1", "EX", revocationSeconds(authAtSeconds, nowMs));
}

export async function isSessionRevoked(redis: Redis, sid: string): Promise<boolean> {
  return (await redis.exists(key(sid))) === 1;
}
