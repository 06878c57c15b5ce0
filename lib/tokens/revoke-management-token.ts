import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";
import { tokenFields } from "./create-management-token";
import { isAtOrBelow } from "./role-order";

/** Revokes a management token at once (tokens are looked up per request, so the next call is refused). Idempotent. */
export async function revokeManagementToken(db: DbClient, principal: Principal, tokenId: string, requestId?: string) {
  const token = await db.managementToken.findFirst({ where: { id: tokenId, orgId: principal.orgId }, select: tokenFields });
  if (!token) throw new AppError("not_found", "No such management token");
  if (!isAtOrBelow(token.role, principal.role)) throw new AppError("forbidden", `A ${principal.role} cannot revoke a ${token.role} token`);
  if (token.revokedAt) return token;
  return db.$transaction(async (tx) => {
    const row = await tx.managementToken.update({ where: { id: token.id }, data: { revokedAt: new Date() }, select: tokenFields });
    await recordAudit(tx, principal, { action: "management_token.revoke", entityType: "management_token", entityId: token.id, before: { revokedAt: null }, after: { revokedAt: row.revokedAt, name: token.name, role: token.role, prefix: token.prefix }, requestId });
    return row;
  });
}
