import { z } from "zod";
import type { DbClient } from "../db/create-db-client";
import type { Principal, Role } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";
import { generateSecret } from "../keys/generate-secret";

export const createManagementTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(["owner", "admin", "finance", "engineer", "viewer"]),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

const rank: Record<Role, number> = { owner: 4, admin: 3, finance: 2, engineer: 2, viewer: 1 };

export async function createManagementToken(db: DbClient, principal: Principal, input: z.infer<typeof createManagementTokenSchema>, requestId?: string) {
  // A token never acts above its creator (an admin cannot mint an owner token).
  if (rank[input.role] > rank[principal.role]) throw new AppError("forbidden", `A ${principal.role} cannot create a ${input.role} token`);
  const { secret, hashed, prefix } = generateSecret("tgm");
  return db.$transaction(async (tx) => {
    const token = await tx.managementToken.create({
      data: { orgId: principal.orgId, name: input.name, role: input.role, hashedToken: hashed, prefix, createdById: principal.userId, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null },
      select: { id: true, name: true, role: true, prefix: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(tx, principal, { action: "management_token.create", entityType: "management_token", entityId: token.id, after: { name: token.name, role: token.role, prefix }, requestId });
    return { ...token, token: secret };
  });
}

export async function listManagementTokens(db: DbClient, orgId: string) {
  return db.managementToken.findMany({
    where: { orgId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, role: true, prefix: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true },
  });
}
