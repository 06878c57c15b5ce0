// Project membership: which engineers and viewers see a project (owner,
// admin and finance see every project anyway). Admins manage it. Leaving a
// project takes it out of the scope of the engineer and viewer tokens the
// member created, when the member's own role is confined to their projects.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { withdrawMemberTokens } from "../tokens/withdraw-member-tokens";
import { findAccessibleProject } from "./find-accessible-project";

export const addProjectMemberSchema = z.object({ userId: z.string().min(1).max(64).describe("A user who is a member of the org") });

export async function listProjectMembers(db: DbClient, principal: Principal, projectId: string) {
  await findAccessibleProject(db, principal, projectId);
  const rows = await db.projectMember.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, user: { select: { id: true, email: true, name: true, memberships: { where: { orgId: principal.orgId }, select: { role: true } } } } },
  });
  return rows.map((r) => ({ userId: r.user.id, email: r.user.email, name: r.user.name, role: r.user.memberships[0]?.role ?? null, addedAt: r.createdAt }));
}

export async function addProjectMember(db: DbClient, principal: Principal, projectId: string, input: z.infer<typeof addProjectMemberSchema>, requestId?: string) {
  await findAccessibleProject(db, principal, projectId);
  // Only people in this org; another org's user id reads as unknown.
  const membership = await db.membership.findFirst({ where: { orgId: principal.orgId, userId: input.userId }, select: { role: true, user: { select: { email: true } } } });
  if (!membership) throw new AppError("not_found", "No such user in this org");
  return db.$transaction(async (tx) => {
    const existing = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: input.userId } }, select: { createdAt: true } });
    if (existing) throw new AppError("conflict", `${membership.user.email} is already a member of this project`);
    const row = await tx.projectMember.create({ data: { projectId, userId: input.userId }, select: { createdAt: true } });
    const view = { userId: input.userId, email: membership.user.email, role: membership.role, projectId, addedAt: row.createdAt };
    await recordAudit(tx, principal, { action: "project.member.add", entityType: "project", entityId: projectId, after: view, requestId });
    return view;
  });
}

export async function removeProjectMember(db: DbClient, principal: Principal, projectId: string, userId: string, requestId?: string) {
  await findAccessibleProject(db, principal, projectId);
  return db.$transaction(async (tx) => {
    const removed = await tx.projectMember.deleteMany({ where: { projectId, userId } });
    if (removed.count === 0) throw new AppError("not_found", "That user is not a member of this project");
    const membership = await tx.membership.findUnique({ where: { orgId_userId: { orgId: principal.orgId, userId } }, select: { role: true } });
    const { trimmed } = membership ? await withdrawMemberTokens(tx, principal.orgId, userId, membership.role) : { trimmed: 0 };
    await recordAudit(tx, principal, { action: "project.member.remove", entityType: "project", entityId: projectId, before: { userId, projectId }, after: { trimmedTokens: trimmed }, requestId });
    return { removed: true, trimmedTokens: trimmed };
  });
}
