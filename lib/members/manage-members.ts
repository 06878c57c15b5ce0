// Org members: owners and admins add people with a role and a first
// password (there is no email invite flow yet). Only owners grant owner.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import { hashPassword } from "../auth/password";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";

export const addMemberSchema = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().trim().max(100).optional(),
  role: z.enum(["owner", "admin", "finance", "engineer", "viewer"]),
  password: z.string().min(12, "must be at least 12 characters").max(200),
});

export async function listMembers(db: DbClient, principal: Principal) {
  const rows = await db.membership.findMany({ where: { orgId: principal.orgId }, orderBy: { createdAt: "asc" }, select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true, lastLoginAt: true } } } });
  return rows.map((m) => ({ ...m.user, role: m.role, memberSince: m.createdAt }));
}

export async function addMember(db: DbClient, principal: Principal, input: z.infer<typeof addMemberSchema>, requestId?: string) {
  if (input.role === "owner" && principal.role !== "owner") throw new AppError("forbidden", "Only an owner can add another owner");
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw new AppError("conflict", `A user with email ${input.email} already exists`);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.name ?? null, passwordHash }, select: { id: true, email: true, name: true } });
    await tx.membership.create({ data: { orgId: principal.orgId, userId: user.id, role: input.role } });
    await recordAudit(tx, principal, { action: "member.add", entityType: "user", entityId: user.id, after: { ...user, role: input.role }, requestId });
    return { ...user, role: input.role };
  });
}
