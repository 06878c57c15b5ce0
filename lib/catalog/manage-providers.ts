// Providers: an OpenAI-compatible base URL plus a credential encrypted at
// rest. Responses say whether a credential is set, never what it is.
import type { Redis } from "ioredis";
import type { z } from "zod";
import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { encryptSecret } from "../crypto/secret-box";
import { AppError } from "../http/app-error";
import { publishCatalogChange } from "./publish-catalog-change";
import type { createProviderSchema, updateProviderSchema } from "./provider-schemas";

const publicFields = { id: true, name: true, vendor: true, kind: true, baseUrl: true, enabled: true, encryptedCredential: true, createdAt: true, updatedAt: true } as const;

function toPublic<T extends { encryptedCredential: string | null }>({ encryptedCredential, ...rest }: T) {
  return { ...rest, hasCredential: encryptedCredential !== null };
}

export async function listProviders(db: DbClient, principal: Principal) {
  const rows = await db.provider.findMany({ where: { orgId: principal.orgId }, orderBy: { name: "asc" }, select: publicFields });
  return rows.map(toPublic);
}

export async function createProvider(db: DbClient, redis: Redis, principal: Principal, input: z.infer<typeof createProviderSchema>, encryptionKey: Buffer | undefined, requestId?: string) {
  if (input.credential && !encryptionKey) throw new AppError("unavailable", "TOLLGATE_ENCRYPTION_KEY is not set: credentials cannot be stored");
  const taken = await db.provider.findUnique({ where: { orgId_name: { orgId: principal.orgId, name: input.name } }, select: { id: true } });
  if (taken) throw new AppError("conflict", `A provider named "${input.name}" already exists`);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.provider.create({
      data: { orgId: principal.orgId, name: input.name, vendor: input.vendor, kind: input.kind, baseUrl: input.baseUrl, encryptedCredential: input.credential ? encryptSecret(input.credential, encryptionKey!) : null },
      select: publicFields,
    });
    await recordAudit(tx, principal, { action: "provider.create", entityType: "provider", entityId: created.id, after: toPublic(created), requestId });
    return created;
  });
  await publishCatalogChange(redis, principal.orgId);
  return toPublic(row);
}

export async function updateProvider(db: DbClient, redis: Redis, principal: Principal, providerId: string, input: z.infer<typeof updateProviderSchema>, encryptionKey: Buffer | undefined, requestId?: string) {
  const before = await db.provider.findFirst({ where: { id: providerId, orgId: principal.orgId }, select: publicFields });
  if (!before) throw new AppError("not_found", "No such provider");
  if (input.credential && !encryptionKey) throw new AppError("unavailable", "TOLLGATE_ENCRYPTION_KEY is not set: credentials cannot be stored");
  const { credential, ...fields } = input;
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.provider.update({
      where: { id: providerId },
      data: { ...fields, ...(credential === undefined ? {} : { encryptedCredential: credential === null ? null : encryptSecret(credential, encryptionKey!) }) },
      select: publicFields,
    });
    await recordAudit(tx, principal, { action: "provider.update", entityType: "provider", entityId: providerId, before: toPublic(before), after: toPublic(updated), requestId });
    return updated;
  });
  await publishCatalogChange(redis, principal.orgId);
  return toPublic(row);
}

/** Deleting a provider would silently drop its deployments (cascade): refuse while any model still routes to it. */
export async function deleteProvider(db: DbClient, redis: Redis, principal: Principal, providerId: string, requestId?: string) {
  const before = await db.provider.findFirst({ where: { id: providerId, orgId: principal.orgId }, select: { ...publicFields, deployments: { select: { model: { select: { alias: true } } } } } });
  if (!before) throw new AppError("not_found", "No such provider");
  const { deployments, ...provider } = before;
  if (deployments.length > 0) {
    const aliases = [...new Set(deployments.map((d) => d.model.alias))].sort();
    throw new AppError("conflict", `Provider "${provider.name}" is still used by ${deployments.length} deployment${deployments.length === 1 ? "" : "s"} (models: ${aliases.join(", ")}); remove them from those models or disable the provider instead`);
  }
  await db.$transaction(async (tx) => {
    await tx.provider.delete({ where: { id: providerId } });
    await recordAudit(tx, principal, { action: "provider.delete", entityType: "provider", entityId: providerId, before: toPublic(provider), requestId });
  });
  await publishCatalogChange(redis, principal.orgId);
  return { id: providerId, deleted: true };
}
