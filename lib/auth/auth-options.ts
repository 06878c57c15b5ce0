// next-auth configuration: email + password against argon2id hashes, JWT
// sessions (no session table; the role is re-read per request from the
// membership, so a demotion takes effect at once). Failed attempts are
// counted per account and address before the password is checked
// (lib/auth/limit-sign-in.ts); each session has an id that sign-out revokes
// server-side and an absolute lifetime from sign-in (lib/auth/revoke-session.ts).
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db";
import { loadAuthEnv } from "../env/auth-env";
import { getLogger } from "../log/logger";
import { getFailFastRedis } from "../redis";
import { auditSignInLockout } from "./audit-sign-in-lockout";
import { checkSessionToken } from "./check-session-token";
import { CLAIM_HEADER, claimSignInAttempt, forgetSuccessfulAttempt, lockedScopes, takeSignInClaim, type AttemptCounts, type SignInAttempt } from "./limit-sign-in";
import { verifyPassword } from "./password";
import { revokeSession, SESSION_IDLE_SECONDS } from "./revoke-session";
import { safeCallbackPath } from "./safe-callback-path";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

/** next-auth puts an Error's message thrown by authorize in the redirect's `error` (the sign-in form reads it). */
export const SIGN_IN_ERRORS = { tooMany: "TooManyAttempts", unavailable: "Unavailable" } as const;

export async function authorize(raw: unknown, req?: { headers?: Record<string, unknown> }) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  // Set by the web server from the socket (or a trusted X-Forwarded-For), never by the client.
  const address = typeof req?.headers?.["x-tollgate-client-ip"] === "string" ? req.headers["x-tollgate-client-ip"] : "unknown";
  const claimId = req?.headers?.[CLAIM_HEADER];
  const attempt = { email, address };
  const counts = await countAttempt(attempt, typeof claimId === "string" ? claimId : null);
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, parsed.data.password);
  if (!user || !ok) {
    getLogger().info({ event: "sign_in_failed" }, "sign-in failed");
    const locked = lockedScopes(counts);
    if (locked.length) await auditSignInLockout(getDb(), attempt, locked, user?.id ?? null);
    return null;
  }
  // Counted already; failing to forget it only leaves the count where it is.
  await forgetSuccessfulAttempt(await getFailFastRedis(), attempt).catch((err: Error) => getLogger().warn({ err: err.message }, "could not clear sign-in attempts"));
  await getDb().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
  return { id: user.id, email: user.email, name: user.name };
}

/** The attempt's counts: the web server's claim, else counted here (before the password is checked). Throws when refused. */
async function countAttempt(attempt: SignInAttempt, claimId: string | null): Promise<AttemptCounts> {
  let claim: Awaited<ReturnType<typeof claimSignInAttempt>>;
  try {
    const redis = await getFailFastRedis();
    const claimed = claimId ? await takeSignInClaim(redis, claimId, attempt) : null;
    if (claimed) return claimed;
    claim = await claimSignInAttempt(redis, attempt);
  } catch (err) {
    getLogger().warn({ err: (err as Error).message }, "sign-in refused: its attempt counter (Redis) is unreachable");
    throw new Error(SIGN_IN_ERRORS.unavailable);
  }
  if (!claim.ok) throw new Error(SIGN_IN_ERRORS.tooMany);
  return claim.counts;
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Sl8odA4GlLwrhJT+fdgz8A$P0Wl+9MLD9Jo6ea4sE/aScpWp4hLwxSbImd9nFLS8Ck";

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  options ??= {
    secret: loadAuthEnv().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize,
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { ...token, uid: user.id, sid: randomUUID(), authAt: Math.floor(Date.now() / 1000) };
        // Signed out (here or with a copy of this cookie elsewhere), past its absolute lifetime, issued before
        // sessions had ids: no user. Redis unreachable: marked unverifiable (lib/auth/check-session-token.ts).
        return checkSessionToken(token, getFailFastRedis);
      },
      redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
        return `${baseUrl}${safeCallbackPath(path)}`;
      },
      session({ session, token }) {
        if (token.unverifiable === true) return { ...session, unverifiable: true };
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        // For the rest of the session's absolute lifetime: a copy refreshed later cannot outlast it.
        if (typeof token?.sid === "string") await revokeSession(await getFailFastRedis(), token.sid, typeof token.authAt === "number" ? token.authAt : undefined);
      },
    },
  };
  return options;
}
