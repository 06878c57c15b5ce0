// Resolves the caller of a page or management API request: a management
// token (Authorization: Bearer tgm_...) or the next-auth session.
import { getServerSession } from "next-auth";
import { getDb } from "../db";
import { hashSecret } from "../keys/generate-secret";
import { getAuthOptions } from "./auth-options";
import type { Principal } from "./principal";

export async function resolvePrincipal(authorization: string | null): Promise<Principal | null> {
  const bearer = authorization?.match(/^Bearer\s+(tgm_\S+)$/i)?.[1];
  if (bearer) return principalFromToken(bearer);
  if (authorization) return null;
  return principalFromSession();
}

async function principalFromToken(secret: string): Promise<Principal | null> {
  const token = await getDb().managementToken.findUnique({
    where: { hashedToken: hashSecret(secret) },
    select: { id: true, orgId: true, role: true, revokedAt: true, expiresAt: true },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null;
  return { kind: "token", actor: `token:${token.id}`, userId: null, email: null, orgId: token.orgId, role: token.role };
}

async function principalFromSession(): Promise<Principal | null> {
  const session = await getServerSession(getAuthOptions());
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
