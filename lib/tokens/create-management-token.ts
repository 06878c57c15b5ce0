import type { DbClient } from "../db/create-db-client";
import { ORG_WIDE_ROLES, type Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";
import { generateSecret } from "../keys/generate-secret";
import { listProjects } from "../projects/list-projects";
import { isAtOrBelow } from "./role-order";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, type CreateManagementTokenInput } from "./token-schemas";

export { createManagementTokenSchema, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "./token-schemas";
const DAY_MS = 24 * 3600_000;

export const tokenFields = { id: true, name: true, role: true, prefix: true, projectIds: true, expiresAt: true, revokedAt: true, lastUsedAt: true, createdAt: true } as const;

export async function createManagementToken(db: DbClient, principal: Principal, input: CreateManagementTokenInput, requestId?: string, now = new Date()) {
  // Only a signed-in person mints tokens, so every token traces to a member whose removal or demotion withdraws it.
  if (principal.kind !== "user" || !principal.userId) throw new AppError("forbidden", "Management tokens can only be created by a signed-in person, not with a management token");
  // A token never acts beyond its creator (an admin cannot mint an owner token; see role-order.ts).
  if (!isAtOrBelow(input.role, principal.role)) throw new AppError("forbidden", `A ${principal.role} cannot create a ${input.role} token`);
  const expiresAt = tokenExpiry(input.expiresAt, now);
  const projectIds = await tokenProjects(db, principal, input);
  const { secret, hashed, prefix } = generateSecret("tgm");
  return db.$transaction(async (tx) => {
    const token = await tx.managementToken.create({
      data: { orgId: principal.orgId, name: input.name, role: input.role, hashedToken: hashed, prefix, createdById: principal.userId, expiresAt, projectIds },
      select: tokenFields,
    });
    await recordAudit(tx, principal, { action: "management_token.create", entityType: "management_token", entityId: token.id, after: { name: token.name, role: token.role, prefix, projectIds, expiresAt }, requestId });
    return { ...token, token: secret };
  });
}

function tokenExpiry(requested: string | undefined, now: Date): Date {
  if (!requested) return new Date(now.getTime() + DEFAULT_TOKEN_DAYS * DAY_MS);
  const at = new Date(requested);
  if (at <= now) throw new AppError("validation_failed", "expiresAt: must be in the future");
  if (at.getTime() > now.getTime() + MAX_TOKEN_DAYS * DAY_MS) throw new AppError("validation_failed", `expiresAt: must be at most ${MAX_TOKEN_DAYS} days from now`);
  return at;
}

/** Engineer and viewer tokens are confined to projects the creator can see; org-wide roles take no list. */
async function tokenProjects(db: DbClient, principal: Principal, input: CreateManagementTokenInput): Promise<string[]> {
  const wanted = [...new Set(input.projectIds ?? [])];
  if (ORG_WIDE_ROLES.includes(input.role)) {
    if (wanted.length) throw new AppError("validation_failed", `projectIds: a ${input.role} token sees every project; only engineer and viewer tokens take a project list`);
    return [];
  }
  const visible = new Set((await listProjects(db, principal)).map((p) => p.id));
  const unknown = wanted.find((id) => !visible.has(id));
  if (unknown) throw new AppError("validation_failed", `projectIds: no project ${unknown} in this org`);
  return wanted;
}

export async function listManagementTokens(db: DbClient, orgId: string) {
  return db.managementToken.findMany({ where: { orgId }, orderBy: { createdAt: "desc" }, select: tokenFields });
}
