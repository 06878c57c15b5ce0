// Records an alert once (its dedupe key is unique: one alert per budget,
// period and threshold) and queues its delivery to each channel. In-app
// needs no delivery: every alert is on the alerts page.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";
import { enqueueJob } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";

export interface NewAlert {
  orgId: string;
  kind: "threshold" | "forecast" | "anomaly" | "benchmark_regression";
  dedupeKey: string;
  budgetId?: string | null;
  projectId?: string | null;
  periodStart?: Date | null;
  threshold?: number | null;
  message: string;
  details?: Prisma.InputJsonValue;
}

/** Returns the new alert's id, or null when it had already fired. */
export async function fireAlert(db: DbClient, redis: Redis, alert: NewAlert, channelIds: string[]): Promise<string | null> {
  const channels = await db.notificationChannel.findMany({ where: { id: { in: channelIds }, orgId: alert.orgId, enabled: true }, select: { id: true, kind: true } });
  let alertId: string;
  try {
    alertId = await db.$transaction(async (tx) => {
      const row = await tx.alert.create({ data: { ...alert, details: alert.details ?? Prisma.JsonNull }, select: { id: true } });
      await tx.alertDelivery.createMany({
        data: channels.map((c) => ({ alertId: row.id, channelId: c.id, status: c.kind === "in_app" ? "delivered" : "pending", deliveredAt: c.kind === "in_app" ? new Date() : null })),
      });
      return row.id;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
  for (const c of channels) {
    if (c.kind !== "in_app") await enqueueJob(redis, QueueName.AlertDelivery, { alertId, channelId: c.id }, `deliver-${alertId}-${c.id}`);
  }
  return alertId;
}
