// Create, list and delete notification channels. A webhook gets a signing
// secret (given or generated) that is shown once, at creation.
import { randomBytes } from "node:crypto";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { encryptSecret } from "../crypto/secret-box";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { channelTarget, describeChannelConfig } from "./channel-target";
import type { CreateChannelInput } from "./channel-schemas";

const fields = { id: true, name: true, kind: true, enabled: true, createdAt: true, encryptedConfig: true } as const;

export async function listChannels(db: DbClient, principal: Principal, encryptionKey: Buffer | undefined) {
  const rows = await db.notificationChannel.findMany({ where: { orgId: principal.orgId }, orderBy: { createdAt: "asc" }, select: fields });
  return rows.map(({ encryptedConfig, ...row }) => ({ ...row, target: channelTarget(row.kind, encryptedConfig, encryptionKey) }));
}

export async function createChannel(db: DbClient, principal: Principal, input: CreateChannelInput, encryptionKey: Buffer | undefined, requestId?: string) {
  if (input.kind !== "in_app" && !encryptionKey) throw new AppError("unavailable", "TOLLGATE_ENCRYPTION_KEY is not set: channel settings cannot be stored");
  const config = input.kind === "webhook" ? { ...input.config, secret: input.config.secret ?? `whsec_${randomBytes(24).toString("base64url")}` } : input.config;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.notificationChannel.create({
      data: { orgId: principal.orgId, name: input.name, kind: input.kind, encryptedConfig: input.kind === "in_app" ? null : encryptSecret(JSON.stringify(config), encryptionKey!) },
      select: { id: true, name: true, kind: true, enabled: true, createdAt: true },
    });
    await recordAudit(tx, principal, { action: "channel.create", entityType: "notification_channel", entityId: row.id, after: row, requestId });
    return row;
  });
  const target = describeChannelConfig(input.kind, config);
  // The signing secret is shown this once; afterwards only the receiver and the worker know it.
  return { ...created, target, ...(input.kind === "webhook" ? { signingSecret: (config as { secret: string }).secret } : {}) };
}

export async function deleteChannel(db: DbClient, principal: Principal, channelId: string, requestId?: string) {
  const row = await db.notificationChannel.findFirst({ where: { id: channelId, orgId: principal.orgId }, select: { id: true, name: true, kind: true } });
  if (!row) throw new AppError("not_found", "No such channel");
  await db.$transaction(async (tx) => {
    await tx.notificationChannel.delete({ where: { id: channelId } });
    await recordAudit(tx, principal, { action: "channel.delete", entityType: "notification_channel", entityId: channelId, before: row, requestId });
  });
  return { id: channelId, deleted: true };
}
