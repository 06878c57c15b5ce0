// Sends one alert to one channel. Throws on failure so the queue retries
// with backoff; the delivery row records every attempt and the last error.
import { UnrecoverableError } from "bullmq";
import nodemailer from "nodemailer";
import { fetch, type Agent } from "undici";
import { decryptSecret } from "../crypto/secret-box";
import type { DbClient } from "../db/create-db-client";
import type { ChannelConfig, WebhookConfig } from "./channel-schemas";
import { assertDeliverableUrl, BlockedAddressError, RedirectRefusedError } from "./outbound-agent";
import { signWebhook } from "./sign-webhook";

export interface DeliveryEnv {
  encryptionKey: Buffer | undefined;
  /** From createOutboundAgent: refuses non-public addresses unless allowed. */
  agent: Agent;
  allowPrivateUrls: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  appUrl: string | undefined;
}

const TIMEOUT_MS = 10_000;

/** Where an alert's link points: a benchmark regression to the run that showed it, others to the alerts page. */
function alertPath(alert: { kind: string; details: unknown }): string {
  const runId = (alert.details as { runId?: unknown } | null)?.runId;
  return alert.kind === "benchmark_regression" && typeof runId === "string" && /^[a-z0-9]{1,40}$/.test(runId) ? `/benchmarks/runs/${runId}` : "/alerts";
}

export async function deliverAlert(db: DbClient, env: DeliveryEnv, alertId: string, channelId: string): Promise<void> {
  const delivery = await db.alertDelivery.findUnique({
    where: { alertId_channelId: { alertId, channelId } },
    select: { id: true, status: true, alert: { select: { id: true, kind: true, message: true, details: true, firedAt: true, budgetId: true, projectId: true, threshold: true, periodStart: true } } },
  });
  if (!delivery || delivery.status === "delivered") return;
  const channel = await db.notificationChannel.findUnique({ where: { id: channelId }, select: { kind: true, name: true, encryptedConfig: true, enabled: true } });
  if (!channel || !channel.enabled) return void (await db.alertDelivery.update({ where: { id: delivery.id }, data: { status: "skipped", lastError: "channel removed or disabled" } }));
  if (!channel.encryptedConfig || !env.encryptionKey) throw new UnrecoverableError("channel settings cannot be decrypted");
  const config = JSON.parse(decryptSecret(channel.encryptedConfig, env.encryptionKey)) as ChannelConfig;
  const payload = { type: `alert.${delivery.alert.kind}`, ...delivery.alert, firedAt: delivery.alert.firedAt.toISOString(), link: env.appUrl ? `${env.appUrl}${alertPath(delivery.alert)}` : null };

  await db.alertDelivery.update({ where: { id: delivery.id }, data: { attempts: { increment: 1 } } });
  try {
    if (channel.kind === "webhook") await postWebhook(env, config as WebhookConfig, payload, delivery.id);
    else if (channel.kind === "slack") await postJson(env, (config as { url: string }).url, { text: `:rotating_light: ${payload.message}${payload.link ? ` <${payload.link}|Open Tollgate>` : ""}` }, {});
    else if (channel.kind === "email") await sendEmail(env, (config as { to: string[] }).to, payload.message, payload.link);
    await db.alertDelivery.update({ where: { id: delivery.id }, data: { status: "delivered", deliveredAt: new Date(), lastError: null } });
  } catch (error) {
    const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}` : String(error);
    const blocked = error instanceof BlockedAddressError || (error instanceof Error && error.cause instanceof BlockedAddressError);
    await db.alertDelivery.update({ where: { id: delivery.id }, data: { status: blocked ? "failed" : "retrying", lastError: message.slice(0, 500) } });
    // A blocked address will not change on retry.
    throw blocked ? new UnrecoverableError(message) : error;
  }
}

async function postWebhook(env: DeliveryEnv, config: WebhookConfig, payload: object, deliveryId: string) {
  const body = JSON.stringify(payload);
  await postJson(env, config.url, body, {
    "x-tollgate-signature": signWebhook(config.secret, body, Math.floor(Date.now() / 1000)),
    "x-tollgate-delivery": deliveryId, // the same on retries: receivers can drop duplicates
  });
}

async function postJson(env: DeliveryEnv, url: string, body: object | string, headers: Record<string, string>) {
  assertDeliverableUrl(url, env.allowPrivateUrls);
  const res = await fetch(url, {
    dispatcher: env.agent,
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Tollgate-Alerts/1", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    // A redirect could lead inside the network after the first address passed the check: never followed.
    redirect: "manual",
  });
  await res.body?.cancel();
  if (res.status >= 300 && res.status < 400) {
    throw new RedirectRefusedError(`${new URL(url).host} answered ${res.status} (a redirect); alert deliveries do not follow redirects, set the final URL on the channel`);
  }
  if (!res.ok) throw new Error(`${new URL(url).host} answered ${res.status}`);
}

async function sendEmail(env: DeliveryEnv, to: string[], message: string, link: string | null) {
  if (!env.smtpUrl) throw new UnrecoverableError("email channels need TOLLGATE_SMTP_URL on the worker");
  const transport = nodemailer.createTransport(env.smtpUrl);
  try {
    await transport.sendMail({ from: env.mailFrom, to, subject: `[Tollgate] ${message.slice(0, 120)}`, text: `${message}\n${link ? `\n${link}\n` : ""}` });
  } finally {
    transport.close();
  }
}
