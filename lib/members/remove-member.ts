// Removes a member from the org: their membership, their project
// memberships in this org, and every management token they created here
// (revoked, kept for the audit trail). A user left in no org is deleted, so
// the email can be added again. Never the org's last owner (checked under a
// lock, see lock-org-owners.ts). Sessions stop working at once: the role is
// re-read from the membership on every request.
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { assertMayChangeMember } from "./check-member-change";
import { lockOrgOwners } from "./lock-org-owners";

export async function removeMember(db: DbClient, principal: Principal, userId: string, requestId?: string) {
  return db.$transaction(async (tx) => {
    const owners = await lockOrgOwners(tx, principal.orgId);
    const member = await tx.membership.findUnique({ where: { orgId_userId: { orgId: principal.orgId, userId } }, select: { id: true, role: true, user: { select: { email: true } } } });
    if (!member) throw new AppError("not_found", "No such member");
    assertMayChangeMember(principal, member.role, null);
    if (member.role === "owner" && owners.filter((id) => id !== userId).length === 0) {
      throw new AppError("conflict", "This is the org's last owner: make someone else an owner first");
    }
    await tx.projectMember.deleteMany({ where: { userId, project: { orgId: principal.orgId } } });
    const { count } = await tx.managementToken.updateMany({ where: { orgId: principal.orgId, createdById: userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.membership.delete({ where: { id: member.id } });
    const elsewhere = await tx.membership.count({ where: { userId } });
    if (elsewhere === 0) await tx.user.delete({ where: { id: userId } });
    await recordAudit(tx, principal, { action: "member.remove", entityType: "user", entityId: userId, before: { email: member.user.email, role: member.role }, after: { revokedTokens: count }, requestId });
    return { id: userId, removed: true, revokedTokens: count };
  });
}
