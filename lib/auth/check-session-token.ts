// What the next-auth jwt callback does with a session token it reads: keep
// it, drop it (no user), or mark it unverifiable. Dropped: no session id,
// past its absolute lifetime (lib/auth/revoke-session.ts), or signed out.
// Unverifiable: the revocation cannot be checked (Redis unreachable, within
// about a second on a fail-fast connection): the token is kept (so the user
// is not signed out by an outage) but marked, and nobody is authenticated by
// it until Redis answers again (pages go to sign-in, the API answers 503).
import type { JWT } from "next-auth/jwt";
import type { Redis } from "ioredis";
import { getLogger } from "../log/logger";
import { isPastAbsoluteLifetime, isSessionRevoked } from "./revoke-session";

export async function checkSessionToken(token: JWT, redis: () => Promise<Redis>, nowMs = Date.now()): Promise<JWT> {
  // A mark from an earlier read is never trusted: every read checks again.
  const { unverifiable: _mark, ...rest } = token;
  if (typeof rest.sid !== "string" || isPastAbsoluteLifetime(rest.authAt, nowMs)) return {} as JWT;
  let revoked: boolean;
  try {
    revoked = await isSessionRevoked(await redis(), rest.sid);
  } catch (err) {
    getLogger().warn({ err: (err as Error).message }, "session revocation cannot be checked (Redis unreachable): session not accepted");
    return { ...rest, unverifiable: true } as JWT;
  }
  return revoked ? ({} as JWT) : (rest as JWT);
}
