// The audit log for admins: who changed what and when, with before and
// after, newest first, filterable and keyset-paginated by id. Actors and
// entities come with their names (resolve-audit-names.ts); the ids stay.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { resolveAuditNames } from "./resolve-audit-names";

export const listAuditLogQuerySchema = z.object({
  action: z.string().min(1).max(100).optional(),
  entityType: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(200).optional(),
  // An actor as logged (user:<id>, token:<id>, system:...) or a user's email.
  actor: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d{1,19}$/, "must be an entry id from a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An email in the actor filter means that user's actor id (the log stores ids). */
async function toActorId(db: DbClient, actor: string) {
  if (!actor.includes("@") || actor.startsWith("user:")) return actor;
  const user = await db.user.findUnique({ where: { email: actor.toLowerCase() }, select: { id: true } });
  return user ? `user:${user.id}` : actor;
}

export async function listAuditLog(db: DbClient, principal: Principal, query: z.infer<typeof listAuditLogQuerySchema>) {
  const actor = query.actor ? await toActorId(db, query.actor) : undefined;
  const rows = await db.auditLog.findMany({
    where: {
      orgId: principal.orgId,
      ...(query.action ? { action: query.action } : {}),
      ...(query.entityType ? { entityType: query.entityType } : {}),
      ...(query.entityId ? { entityId: query.entityId } : {}),
      ...(actor ? { actor } : {}),
      ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
      ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
    select: { id: true, actor: true, action: true, entityType: true, entityId: true, before: true, after: true, requestId: true, createdAt: true },
  });
  const page = await resolveAuditNames(db, principal.orgId, rows.slice(0, query.limit).map((r) => ({ ...r, id: r.id.toString() })));
  return { entries: page, nextBefore: rows.length > query.limit ? page.at(-1)!.id : null };
}
