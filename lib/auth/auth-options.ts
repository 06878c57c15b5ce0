// next-auth configuration: email + password against argon2id hashes, JWT
// sessions (no session table; the role is re-read per request from the
// membership, so a demotion takes effect at once). Failed attempts are
// counted per account and address (lib/auth/limit-sign-in.ts); each session
// has an id that sign-out revokes server-side (lib/auth/revoke-session.ts).
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db";
import { loadAuthEnv } from "../env/auth-env";
import { getLogger } from "../log/logger";
import { getRedis } from "../redis";
import { auditSignInLockout } from "./audit-sign-in-lockout";
import { clearAccountFailures, recordSignInFailure, signInRetryAfter } from "./limit-sign-in";
import { verifyPassword } from "./password";
import { isSessionRevoked, revokeSession } from "./revoke-session";
import { safeCallbackPath } from "./safe-callback-path";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

export async function authorize(raw: unknown, req?: { headers?: Record<string, unknown> }) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  // Set by the web server from the socket (or a trusted X-Forwarded-For), never by the client.
  const address = typeof req?.headers?.["x-tollgate-client-ip"] === "string" ? req.headers["x-tollgate-client-ip"] : "unknown";
  const attempt = { email, address };
  const redis = getRedis();
  // The web server already answered a limited attempt with 429; this closes the race of parallel guesses.
  if ((await signInRetryAfter(redis, attempt)) !== null) return null;
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, parsed.data.password);
  if (!user || !ok) {
    getLogger().info({ event: "sign_in_failed" }, "sign-in failed");
    const locked = await recordSignInFailure(redis, attempt);
    if (locked.length) await auditSignInLockout(getDb(), attempt, locked, user?.id ?? null);
    return null;
  }
  await clearAccountFailures(redis, attempt);
  await getDb().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
  return { id: user.id, email: user.email, name: user.name };
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Sl8odA4GlLwrhJT+fdgz8A$P0Wl+9MLD9Jo6ea4sE/aScpWp4hLwxSbImd9nFLS8Ck";

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  options ??= {
    secret: loadAuthEnv().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 3600 },
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
        if (user) return { ...token, uid: user.id, sid: randomUUID() };
        // Signed out (here or with a copy of this cookie elsewhere), or issued before sessions had ids: no user.
        if (typeof token.sid !== "string" || (await isSessionRevoked(getRedis(), token.sid))) return {} as JWT;
        return token;
      },
      redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
        return `${baseUrl}${safeCallbackPath(path)}`;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(getRedis(), token.sid, typeof token.exp === "number" ? token.exp : undefined);
      },
    },
  };
  return options;
}
