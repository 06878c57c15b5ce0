// Resolves the caller of a page or management API request: a management
// token (Authorization: Bearer tgm_...) or the next-auth session. A session
// whose revocation cannot be checked (Redis unreachable) throws 503
// `unavailable`; pages send it to sign-in (lib/http/with-page.tsx).
import { getServerSession } from "next-auth";
import { getTokenLastUsed } from "../access/last-used-recorder";
import { getDb } from "../db";
import { loadWebEnv } from "../env";
import { AppError } from "../http/app-error";
import { hashSecret } from "../keys/generate-secret";
import { getAuthOptions } from "./auth-options";
import { ORG_WIDE_ROLES, type Principal } from "./principal";
import { readManagementBearer } from "./read-management-bearer";

export async function resolvePrincipal(authorization: string | null): Promise<Principal | null> {
  const bearer = readManagementBearer(authorization);
  if (bearer) return principalFromToken(bearer);
  if (authorization) return null;
  return principalFromSession();
}

async function principalFromToken(secret: string): Promise<Principal | null> {
  const db = getDb();
  const token = await db.managementToken.findUnique({
    where: { hashedToken: hashSecret(secret) },
    select: { id: true, orgId: true, role: true, revokedAt: true, expiresAt: true, projectIds: true },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null;
  // Written in batches, not per request (lib/access/last-used-recorder.ts).
  getTokenLastUsed(db, loadWebEnv().TOLLGATE_LAST_USED_FLUSH_MS).touch(token.id);
  const scoped = !ORG_WIDE_ROLES.includes(token.role);
  return { kind: "token", actor: `token:${token.id}`, userId: null, email: null, orgId: token.orgId, role: token.role, ...(scoped ? { projectIds: token.projectIds } : {}) };
}

async function principalFromSession(): Promise<Principal | null> {
  const session = await getServerSession(getAuthOptions());
  // The session's revocation could not be checked (Redis unreachable): nobody is authenticated by it.
  if ((session as { unverifiable?: boolean } | null)?.unverifiable) {
    throw new AppError("unavailable", "Your session cannot be checked right now (Redis is unreachable); try again shortly. Management tokens still work.");
  }
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  // One org per user for now: the oldest membership.
  const membership = await getDb().membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { orgId: true, role: true, user: { select: { email: true } } },
  });
  if (!membership) return null;
  return { kind: "user", actor: `user:${userId}`, userId, email: membership.user.email, orgId: membership.orgId, role: membership.role };
}
