// The audit log for admins: who changed what and when, with before and
// after, filterable, sorted by the server (time, actor or action: see
// audit-sort.ts) and keyset-paginated: `cursor` is the last entry of the
// previous page, whose sort key is read again so the next page continues
// exactly after it in the same order (key, then id: see audit-sort.ts). Actors and entities
// come with their names (resolve-audit-names.ts); the ids stay.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { AUDIT_SORTS, defaultOrder, tieBreakOrder, type AuditSort } from "./audit-sort";
import { resolveAuditNames } from "./resolve-audit-names";

// An id is a bigint: longer than 19 digits, or past its maximum, would be Postgres's cast error (a 500), not the client's 422.
const entryId = z.string().regex(/^\d{1,19}$/, "must be an entry id from a previous page").refine((v) => BigInt(v) <= 9_223_372_036_854_775_807n, "must be an entry id from a previous page");

export const listAuditLogQuerySchema = z.object({
  action: z.string().min(1).max(100).optional(),
  entityType: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(200).optional(),
  // An actor as logged (user:<id>, token:<id>, system:...) or a user's email.
  actor: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(AUDIT_SORTS).default("time").describe("time (when), actor (by the name shown) or action"),
  order: z.enum(["asc", "desc"]).optional().describe("default: desc (newest first) for time, asc (A to Z) for actor and action"),
  cursor: entryId.optional().describe("nextCursor of the previous page (same sort and order)"),
  before: entryId.optional().describe("the earlier name of cursor (nextBefore), kept for existing clients"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An email in the actor filter means that user's actor id (the log stores ids). */
async function toActorId(db: DbClient, actor: string) {
  if (!actor.includes("@") || actor.startsWith("user:")) return actor;
  const user = await db.user.findUnique({ where: { email: actor.toLowerCase() }, select: { id: true } });
  return user ? `user:${user.id}` : actor;
}

// The actor's shown name (as resolve-audit-names.ts words it), lower-cased so that case does not split the order.
const ACTOR_JOINS = Prisma.sql`
  LEFT JOIN app_user u ON a.actor LIKE 'user:%' AND u.id = substr(a.actor, 6)
  LEFT JOIN management_token t ON a.actor LIKE 'token:%' AND t.id = substr(a.actor, 7) AND t.org_id = a.org_id`;

const ACTOR_KEY = Prisma.sql`lower(COALESCE(u.name || ' (' || u.email || ')', u.email, t.name, a.actor))`;

/** Per sort: its key, the joins it needs, the key as exact text (to read a cursor's) and that text back as a key. */
const SORT_SQL: Record<AuditSort, { key: Prisma.Sql; joins: Prisma.Sql; text: Prisma.Sql; asKey: (text: string) => Prisma.Sql }> = {
  time: { key: Prisma.sql`a.created_at`, joins: Prisma.empty, text: Prisma.sql`to_char(a.created_at, 'YYYY-MM-DD HH24:MI:SS.MS')`, asKey: (text) => Prisma.sql`${text}::timestamp(3)` },
  actor: { key: ACTOR_KEY, joins: ACTOR_JOINS, text: ACTOR_KEY, asKey: (text) => Prisma.sql`${text}` },
  action: { key: Prisma.sql`a.action`, joins: Prisma.empty, text: Prisma.sql`a.action`, asKey: (text) => Prisma.sql`${text}` },
};

interface EntryRow { id: string; actor: string; action: string; entityType: string; entityId: string | null; before: unknown; after: unknown; requestId: string | null; createdAt: string }

export async function listAuditLog(db: DbClient, principal: Principal, query: z.infer<typeof listAuditLogQuerySchema>) {
  const actor = query.actor ? await toActorId(db, query.actor) : undefined;
  const order = query.order ?? defaultOrder(query.sort);
  const { key, joins, text, asKey } = SORT_SQL[query.sort];
  const tieOrder = tieBreakOrder(query.sort, order);
  const cursor = query.cursor ?? query.before;
  let after = Prisma.empty;
  if (cursor) {
    // The cursor's own key, now: an entry of another org (or none) is refused, never used as a position.
    const [at] = await db.$queryRaw<{ k: string }[]>`SELECT ${text} AS k FROM audit_log a ${joins} WHERE a.org_id = ${principal.orgId} AND a.id = ${cursor}::bigint`;
    if (!at) throw new AppError("validation_failed", `${query.cursor ? "cursor" : "before"}: not an entry of this audit log`);
    const k = asKey(at.k);
    const keyCmp = order === "desc" ? Prisma.sql`<` : Prisma.sql`>`;
    const idCmp = tieOrder === "desc" ? Prisma.sql`<` : Prisma.sql`>`;
    after = Prisma.sql`AND (${key} ${keyCmp} ${k} OR (${key} = ${k} AND a.id ${idCmp} ${cursor}::bigint))`;
  }
  const filters = [
    query.action ? Prisma.sql`AND a.action = ${query.action}` : Prisma.empty,
    query.entityType ? Prisma.sql`AND a.entity_type = ${query.entityType}` : Prisma.empty,
    query.entityId ? Prisma.sql`AND a.entity_id = ${query.entityId}` : Prisma.empty,
    actor ? Prisma.sql`AND a.actor = ${actor}` : Prisma.empty,
    // created_at holds UTC (timestamp without time zone).
    query.from ? Prisma.sql`AND a.created_at >= (${query.from}::timestamptz AT TIME ZONE 'UTC')` : Prisma.empty,
    query.to ? Prisma.sql`AND a.created_at < (${query.to}::timestamptz AT TIME ZONE 'UTC')` : Prisma.empty,
  ];
  const direction = (o: "asc" | "desc") => (o === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`);
  const rows = await db.$queryRaw<EntryRow[]>`
    SELECT a.id::text AS id, a.actor, a.action, a.entity_type AS "entityType", a.entity_id AS "entityId", a.before, a.after, a.request_id AS "requestId",
      to_char(a.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
    FROM audit_log a ${joins}
    WHERE a.org_id = ${principal.orgId} ${Prisma.join(filters, " ")} ${after}
    ORDER BY ${key} ${direction(order)}, a.id ${direction(tieOrder)}
    LIMIT ${query.limit + 1}`;
  const page = await resolveAuditNames(db, principal.orgId, rows.slice(0, query.limit).map((r) => ({ ...r, createdAt: new Date(r.createdAt) })));
  const nextCursor = rows.length > query.limit ? page.at(-1)!.id : null;
  // nextBefore: the earlier name, meaningful in the order it always had (newest first).
  return { entries: page, nextCursor, nextBefore: query.sort === "time" && order === "desc" ? nextCursor : null, sort: query.sort, order };
}
