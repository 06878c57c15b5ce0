import type { Role } from "../auth/principal";
import type { Prisma } from "../generated/prisma/client";
import { planTokenWithdrawal } from "./plan-token-withdrawal";

/**
 * Brings the live tokens a member created in this org in line with what the
 * member may do now (their role `memberRole`, their project memberships as
 * they stand in this transaction): see planTokenWithdrawal. Returns how many
 * tokens were revoked and how many had projects taken out of their scope.
 */
export async function withdrawMemberTokens(tx: Prisma.TransactionClient, orgId: string, userId: string, memberRole: Role, now = new Date()) {
  const tokens = await tx.managementToken.findMany({ where: { orgId, createdById: userId, revokedAt: null }, select: { id: true, role: true, projectIds: true } });
  if (tokens.length === 0) return { revoked: 0, trimmed: 0 };
  const memberships = await tx.projectMember.findMany({ where: { userId, project: { orgId } }, select: { projectId: true } });
  const plan = planTokenWithdrawal(tokens, memberRole, new Set(memberships.map((m) => m.projectId)));
  if (plan.revoke.length) await tx.managementToken.updateMany({ where: { id: { in: plan.revoke } }, data: { revokedAt: now } });
  for (const { id, projectIds } of plan.trim) await tx.managementToken.update({ where: { id }, data: { projectIds } });
  return { revoked: plan.revoke.length, trimmed: plan.trim.length };
}
