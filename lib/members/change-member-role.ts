// Changes a member's role. Only owners grant or take away owner; an org
// always keeps at least one owner (checked under a lock, see
// lock-org-owners.ts). In the same transaction, every token the member
// created whose role is not at or below the new one is revoked (finance and
// engineer are incomparable: an admin demoted to engineer loses their finance
// tokens too), and engineer and viewer tokens keep only the projects the
// member still sees (lib/tokens/plan-token-withdrawal.ts).
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { withdrawMemberTokens } from "../tokens/withdraw-member-tokens";
import { assertMayChangeMember } from "./check-member-change";
import { lockOrgOwners } from "./lock-org-owners";
import type { ChangeMemberRoleInput } from "./member-role-schema";

export { changeMemberRoleSchema } from "./member-role-schema";

export async function changeMemberRole(db: DbClient, principal: Principal, userId: string, input: ChangeMemberRoleInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const owners = await lockOrgOwners(tx, principal.orgId);
    const member = await tx.membership.findUnique({ where: { orgId_userId: { orgId: principal.orgId, userId } }, select: { id: true, role: true, user: { select: { email: true } } } });
    if (!member) throw new AppError("not_found", "No such member");
    assertMayChangeMember(principal, member.role, input.role);
    if (member.role === input.role) return { id: userId, email: member.user.email, role: member.role, revokedTokens: 0, trimmedTokens: 0 };
    if (member.role === "owner" && owners.filter((id) => id !== userId).length === 0) {
      throw new AppError("conflict", "This is the org's last owner: make someone else an owner first");
    }
    await tx.membership.update({ where: { id: member.id }, data: { role: input.role } });
    const { revoked, trimmed } = await withdrawMemberTokens(tx, principal.orgId, userId, input.role);
    await recordAudit(tx, principal, { action: "member.role_change", entityType: "user", entityId: userId, before: { role: member.role }, after: { role: input.role, revokedTokens: revoked, trimmedTokens: trimmed }, requestId });
    return { id: userId, email: member.user.email, role: input.role, revokedTokens: revoked, trimmedTokens: trimmed };
  });
}
