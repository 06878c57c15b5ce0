// Alert history, newest first, with each delivery's state; keyset paginated.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";

export const listAlertsQuerySchema = z.object({
  kind: z.enum(["threshold", "forecast", "anomaly"]).optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listAlerts(db: DbClient, principal: Principal, query: z.infer<typeof listAlertsQuerySchema>) {
  const rows = await db.alert.findMany({
    where: { orgId: principal.orgId, ...(query.kind ? { kind: query.kind } : {}), ...(query.before ? { firedAt: { lt: new Date(query.before) } } : {}) },
    orderBy: { firedAt: "desc" },
    take: query.limit,
    select: {
      id: true, kind: true, message: true, threshold: true, periodStart: true, firedAt: true, readAt: true, budgetId: true, projectId: true,
      budget: { select: { name: true } },
      deliveries: { select: { status: true, attempts: true, lastError: true, deliveredAt: true, channelId: true } },
    },
  });
  const channels = new Map((await db.notificationChannel.findMany({ where: { orgId: principal.orgId }, select: { id: true, name: true, kind: true } })).map((c) => [c.id, c]));
  return {
    alerts: rows.map((a) => ({ ...a, deliveries: a.deliveries.map((d) => ({ ...d, channel: channels.get(d.channelId)?.name ?? "(deleted)", kind: channels.get(d.channelId)?.kind ?? null })) })),
    nextBefore: rows.length === query.limit ? rows.at(-1)!.firedAt.toISOString() : null,
  };
}

export async function markAlertsRead(db: DbClient, principal: Principal) {
  const { count } = await db.alert.updateMany({ where: { orgId: principal.orgId, readAt: null }, data: { readAt: new Date() } });
  return { marked: count };
}

export async function countUnreadAlerts(db: DbClient, principal: Principal) {
  return db.alert.count({ where: { orgId: principal.orgId, readAt: null } });
}
