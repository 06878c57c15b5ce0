// Server-side end of a session. Sessions are next-auth JWTs; each carries a
// random session id (sid). Signing out records the sid as revoked in Redis
// until the token would have expired, and reading a session checks it, so a
// copied cookie stops working at sign-out.
import type { Redis } from "ioredis";

const key = (sid: string) => `tollgate:session:revoked:${sid}`;

export async function revokeSession(redis: Redis, sid: string, expiresAtSeconds: number | undefined, nowMs = Date.now()): Promise<void> {
  // Kept until the token expires by itself (at least a minute, at most the 12 h session lifetime).
  const ttl = Math.min(12 * 3600, Math.max(60, Math.ceil((expiresAtSeconds ?? 0) - nowMs / 1000)));
  await redis.set(key(sid), "1", "EX", ttl);
}

export async function isSessionRevoked(redis: Redis, sid: string): Promise<boolean> {
  return (await redis.exists(key(sid))) === 1;
}
