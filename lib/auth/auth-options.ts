// next-auth configuration: email + password against argon2id hashes, JWT
// sessions (no session table; the role is re-read per request from the
// membership, so a demotion takes effect at once).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db";
import { loadAuthEnv } from "../env/auth-env";
import { getLogger } from "../log/logger";
import { verifyPassword } from "./password";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

async function authorize(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, parsed.data.password);
  if (!user || !ok) {
    getLogger().info({ event: "sign_in_failed" }, "sign-in failed");
    return null;
  }
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
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
  return options;
}
