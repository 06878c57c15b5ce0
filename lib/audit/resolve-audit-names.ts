// Names for the ids an audit page shows: actors (user:<id>, token:<id>) and
// entities (budget, key, project, model, member, channel, ...). One query per
// kind of id on the page, run together (never one per row), each scoped to
// the org. A deleted entity is named from its own before/after snapshot.
import type { DbClient } from "../db/create-db-client";
import { formatPriceSince } from "../format/format-price-since";

type Kind = "user" | "token" | "project" | "api_key" | "budget" | "model" | "model_price" | "provider" | "notification_channel" | "rate_limit_policy";

const entityKinds: Record<string, Kind> = {
  user: "user", management_token: "token", project: "project", api_key: "api_key", budget: "budget", model: "model",
  model_price: "model_price", provider: "provider", notification_channel: "notification_channel", rate_limit_policy: "rate_limit_policy",
};

export interface AuditRowRef {
  actor: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Pure: which ids of which kind a page of entries refers to. */
export function collectAuditRefs(rows: AuditRowRef[]): Map<Kind, Set<string>> {
  const refs = new Map<Kind, Set<string>>();
  const add = (kind: Kind, id: string) => (refs.get(kind) ?? refs.set(kind, new Set()).get(kind)!).add(id);
  for (const r of rows) {
    const [prefix, id] = splitActor(r.actor);
    if (prefix === "user" && id) add("user", id);
    if (prefix === "token" && id) add("token", id);
    const kind = entityKinds[r.entityType];
    if (kind && r.entityId) add(kind, r.entityId);
  }
  return refs;
}

function splitActor(actor: string): [string, string | undefined] {
  const at = actor.indexOf(":");
  return at < 0 ? [actor, undefined] : [actor.slice(0, at), actor.slice(at + 1)];
}

/** Pure: the name a deleted entity had, from the snapshot its audit entry kept. */
export function nameFromSnapshot(...snapshots: unknown[]): string | null {
  for (const s of snapshots) {
    if (!s || typeof s !== "object") continue;
    const o = s as Record<string, unknown>;
    for (const field of ["name", "alias", "email"]) if (typeof o[field] === "string" && o[field]) return o[field] as string;
  }
  return null;
}

type Names = Map<string, string>;
const key = (kind: Kind, id: string) => `${kind}:${id}`;

async function lookUp(db: DbClient, orgId: string, kind: Kind, ids: string[]): Promise<[string, string][]> {
  const where = { id: { in: ids } };
  switch (kind) {
    // Ids come from this org's own log; a removed member keeps their name here.
    case "user": return (await db.user.findMany({ where, select: { id: true, name: true, email: true } })).map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email]);
    case "token": return (await db.managementToken.findMany({ where: { ...where, orgId }, select: { id: true, name: true } })).map((t) => [t.id, t.name]);
    case "project": return (await db.project.findMany({ where: { ...where, orgId }, select: { id: true, name: true } })).map((p) => [p.id, p.name]);
    case "api_key": return (await db.apiKey.findMany({ where: { ...where, project: { orgId } }, select: { id: true, name: true, project: { select: { name: true } } } })).map((k) => [k.id, `${k.name} (${k.project.name})`]);
    case "budget": return (await db.budget.findMany({ where: { ...where, orgId }, select: { id: true, name: true } })).map((b) => [b.id, b.name]);
    case "model": return (await db.model.findMany({ where: { ...where, orgId }, select: { id: true, alias: true } })).map((m) => [m.id, m.alias]);
    case "model_price": return (await db.modelPrice.findMany({ where: { ...where, model: { orgId } }, select: { id: true, effectiveFrom: true, source: true, model: { select: { alias: true } } } }))
      .map((p) => [p.id, `${p.model.alias} price ${formatPriceSince(p.effectiveFrom, p.source).phrase}`]);
    case "provider": return (await db.provider.findMany({ where: { ...where, orgId }, select: { id: true, name: true } })).map((p) => [p.id, p.name]);
    case "notification_channel": return (await db.notificationChannel.findMany({ where: { ...where, orgId }, select: { id: true, name: true } })).map((c) => [c.id, c.name]);
    case "rate_limit_policy": return (await db.rateLimitPolicy.findMany({ where: { ...where, orgId }, select: { id: true, scope: true, modelAlias: true, project: { select: { name: true } }, apiKey: { select: { name: true } } } }))
      .map((p) => [p.id, [`${p.scope} limit`, p.project?.name ?? p.apiKey?.name, p.modelAlias].filter(Boolean).join(" · ")]);
  }
}

async function loadNames(db: DbClient, orgId: string, refs: Map<Kind, Set<string>>): Promise<Names> {
  const found = await Promise.all([...refs].map(async ([kind, ids]) => (await lookUp(db, orgId, kind, [...ids])).map(([id, name]) => [key(kind, id), name] as const)));
  return new Map(found.flat());
}

/** Adds actorName and entityName (null when nothing names it) to each entry; ids stay as they are. */
export async function resolveAuditNames<T extends AuditRowRef>(db: DbClient, orgId: string, rows: T[]): Promise<(T & { actorName: string | null; entityName: string | null })[]> {
  const names = await loadNames(db, orgId, collectAuditRefs(rows));
  // A gone entity's name, from any of its entries on the page that kept one (a role change
  // records only the role; the member's add or removal on the same page has the email).
  const snapshotNames = new Map<string, string>();
  for (const r of rows) {
    const name = r.entityId ? nameFromSnapshot(r.before, r.after) : null;
    if (name && !snapshotNames.has(`${r.entityType}:${r.entityId}`)) snapshotNames.set(`${r.entityType}:${r.entityId}`, name);
  }
  return rows.map((r) => {
    const [prefix, id] = splitActor(r.actor);
    const actorName = id && (prefix === "user" || prefix === "token") ? names.get(key(prefix, id)) ?? null : null;
    const kind = entityKinds[r.entityType];
    const entityName = (kind && r.entityId ? names.get(key(kind, r.entityId)) : undefined) ?? (r.entityId ? snapshotNames.get(`${r.entityType}:${r.entityId}`) ?? null : null);
    return { ...r, actorName, entityName };
  });
}
