// Alerts end to end through the worker's queues: threshold and forecast
// alerts fire once per period, anomalies are flagged by median/MAD, and
// deliveries reach a signed webhook (after a failed first attempt), a
// Slack-compatible webhook and an SMTP server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { SMTPServer } from "smtp-server";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { UnrecoverableError } from "bullmq";
import { deliverAlert } from "../../lib/alerts/deliver-alert";
import { fireAlert } from "../../lib/alerts/fire-alert";
import { createChannel } from "../../lib/alerts/manage-channels";
import { createOutboundAgent } from "../../lib/alerts/outbound-agent";
import { createChannelSchema } from "../../lib/alerts/channel-schemas";
import { scanSpendAnomalies } from "../../lib/alerts/scan-spend-anomalies";
import { verifyWebhook } from "../../lib/alerts/sign-webhook";
import { enqueueBudgetCheck } from "../../lib/budgets/enqueue-budget-check";
import { evaluateBudgetAlerts } from "../../lib/budgets/evaluate-budget-alerts";
import { createLogger } from "../../lib/log/logger";
import { closeQueues } from "../../lib/queues/get-queue";
import { createRedis } from "../../lib/redis/create-redis";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { loadWorkerEnv } from "../../workers/env";
import { registerWorkers } from "../../workers/register-workers";
import { addBudget, systemPrincipal, waitFor } from "../support/budget-helpers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let t: TestDatabase;
let redis: Redis;
let workers: Worker[];
let orgId: string;
let projectId: string;
const encryptionKey = randomBytes(32);
const received = { webhook: [] as { body: string; signature: string; delivery: string }[], slack: [] as string[], mail: [] as string[] };
let webhookFailuresLeft = 1;
const servers: { close: (cb: () => void) => unknown }[] = [];

function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  const url = new URL(inject("redisUrl"));
  url.pathname = `/${TEST_REDIS_DBS.budgetAlerts}`;
  redis = createRedis(url.toString());
  await redis.flushdb();
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
    onData(stream, _session, done) {
      let mail = "";
      stream.on("data", (c: Buffer) => (mail += c.toString()));
      stream.on("end", () => (received.mail.push(mail), done()));
    },
  });
  servers.push(smtp);
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  workers = registerWorkers({
    db: t.db, connection: redis, log: createLogger({ name: "test", level: "silent" }),
    env: loadWorkerEnv({ DATABASE_URL: t.url, REDIS_URL: url.toString(), TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"), TOLLGATE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NEXTAUTH_URL: "https://tollgate.example", TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS: "true" }),
  });
  const org = await t.db.org.create({ data: { name: "Alerts Org", slug: "alerts" } });
  orgId = org.id;
  projectId = (await t.db.project.create({ data: { orgId, name: "Chatbot", slug: "chatbot" } })).id;
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  redis.disconnect();
  await t.drop();
});

const spend = (day: string, usd: string, project = projectId, n = 1) =>
  recordUsageBatch(t.db, Array.from({ length: n }, () => usageEvent({ orgId, projectId: project, apiKeyId: null, occurredAt: day, costUsd: usd })));

describe("budget alerts", () => {
  it("fire each threshold once per period, forecast before the breach, and reach every channel", async () => {
    const webhookUrl = await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (webhookFailuresLeft-- > 0) return void res.writeHead(500).end();
        received.webhook.push({ body, signature: String(req.headers["x-tollgate-signature"]), delivery: String(req.headers["x-tollgate-delivery"]) });
        res.writeHead(204).end();
      });
    });
    const slackUrl = await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => (received.slack.push(body), res.writeHead(200).end("ok")));
    });
    const principal = systemPrincipal(orgId);
    const make = (input: unknown) => createChannel(t.db, principal, createChannelSchema.parse(input), encryptionKey);
    const webhook = await make({ kind: "webhook", name: "Ops hook", config: { url: `${webhookUrl}/hooks/tollgate` } });
    const slack = await make({ kind: "slack", name: "#finops", config: { url: `${slackUrl}/services/T000/B000/XXXX` } });
    const email = await make({ kind: "email", name: "Finance", config: { to: ["finance@example.com"] } });
    const inApp = await make({ kind: "in_app", name: "In-app" });
    expect(webhook.signingSecret).toMatch(/^whsec_/);
    expect(slack.target).toBe(`${new URL(slackUrl).host} (Slack webhook)`);

    const budget = await addBudget(t.db, redis, orgId, {
      name: "Chatbot monthly", scope: "project", projectId, period: "month", amountUsd: "10", mode: "hard",
      channelIds: [webhook.id, slack.id, email.id, inApp.id],
    });
    // June 1-10: $0.60 a day = $6.00 by the 11th at noon: 60% used, on course for ~$17.7 by the 30th.
    for (let d = 1; d <= 10; d++) await spend(`2026-06-${String(d).padStart(2, "0")}T09:00:00.000Z`, "0.600000000");
    const at = new Date("2026-06-11T12:00:00Z");
    await enqueueBudgetCheck(redis, budget.id, at);
    await waitFor(async () => (await t.db.alert.count({ where: { budgetId: budget.id } })) === 2, 10_000, "threshold + forecast alerts");
    const alerts = await t.db.alert.findMany({ where: { budgetId: budget.id }, orderBy: { kind: "asc" } });
    expect(alerts.map((a) => [a.kind, a.threshold])).toEqual([["threshold", 50], ["forecast", null]]);
    expect(alerts[0]!.message).toBe('Budget "Chatbot monthly" reached 50% of $10.00 this month: $6.00 spent.');
    expect(alerts[1]!.message).toMatch(/forecast to reach \$1\d\.\d\d .* by 2026-07-01, over its \$10\.00/);

    // Deliveries: the webhook failed once and was retried; Slack and SMTP got theirs; in-app needs none.
    await waitFor(async () => received.webhook.length === 2 && received.slack.length === 2 && received.mail.length === 2, 20_000, "deliveries");
    for (const hook of received.webhook) {
      expect(verifyWebhook(webhook.signingSecret!, hook.body, hook.signature, Math.floor(Date.now() / 1000))).toBe(true);
      expect(JSON.parse(hook.body)).toMatchObject({ budgetId: budget.id, link: "https://tollgate.example/alerts" });
    }
    expect(received.slack.some((b) => JSON.parse(b).text.includes("reached 50%"))).toBe(true);
    const mail = received.mail.find((m) => m.includes('Budget "Chatbot monthly" reached 50% of $10.00'))!;
    expect(mail).toContain("To: finance@example.com");
    expect(mail).toMatch(/^Subject: =\?UTF-8\?Q\?=5BTollgate=5D_Budget/m);
    const deliveries = await t.db.alertDelivery.findMany({ where: { alertId: { in: alerts.map((a) => a.id) } } });
    expect(deliveries).toHaveLength(8);
    expect(deliveries.every((d) => d.status === "delivered")).toBe(true);
    expect(deliveries.filter((d) => d.channelId === webhook.id).map((d) => d.attempts).sort()).toEqual([1, 2]);

    // Crossing 80% and 100% fires those two; evaluating again fires nothing new.
    await spend("2026-06-11T10:00:00.000Z", "4.000000000");
    expect(await evaluateBudgetAlerts(t.db, redis, budget.id, at)).toHaveLength(2);
    expect(await evaluateBudgetAlerts(t.db, redis, budget.id, at)).toHaveLength(0);
    const thresholds = await t.db.alert.findMany({ where: { budgetId: budget.id, kind: "threshold" }, select: { threshold: true, message: true } });
    expect(thresholds.map((a) => a.threshold).sort()).toEqual([100, 50, 80]);
    expect(thresholds.find((a) => a.threshold === 100)!.message).toContain("requests are now refused");
    // A new period starts over.
    await spend("2026-07-01T10:00:00.000Z", "5.500000000");
    const july = await evaluateBudgetAlerts(t.db, redis, budget.id, new Date("2026-07-01T12:00:00Z"));
    expect(july).toHaveLength(1);
  }, 60_000);
});

describe("delivery guard", () => {
  it("refuses webhook addresses inside the network unless allowed, and does not retry them", async () => {
    const hits: string[] = [];
    const url = await listen((req, res) => (hits.push(req.url!), res.writeHead(204).end()));
    const port = new URL(url).port;
    const channel = await createChannel(t.db, systemPrincipal(orgId), createChannelSchema.parse({ kind: "webhook", name: "Internal", config: { url: `http://localhost:${port}/internal` } }), encryptionKey);
    const literal = await createChannel(t.db, systemPrincipal(orgId), createChannelSchema.parse({ kind: "slack", name: "Metadata", config: { url: "http://169.254.169.254/latest" } }), encryptionKey);
    const alertId = (await fireAlert(t.db, redis, { orgId, kind: "anomaly", dedupeKey: `guard-${Date.now()}`, message: "guard test" }, []))!;
    const strict = { encryptionKey, smtpUrl: undefined, mailFrom: "x@y.z", appUrl: undefined, allowPrivateUrls: false, agent: createOutboundAgent(false) };
    for (const c of [channel, literal]) {
      await t.db.alertDelivery.create({ data: { alertId, channelId: c.id, status: "pending" } });
      await expect(deliverAlert(t.db, strict, alertId, c.id)).rejects.toBeInstanceOf(UnrecoverableError);
    }
    const rows = await t.db.alertDelivery.findMany({ where: { alertId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(rows[0]!.lastError).toMatch(/localhost resolves to a non-public address \(127\.0\.0\.1\)/);
    expect(rows[1]!.lastError).toMatch(/169\.254\.169\.254 is not a public address/);
    expect(hits).toEqual([]);
  });
});

describe("delivery guard: redirects and IP literals", () => {
  it("does not follow a redirect to a loopback address, and refuses IP-literal private hosts at connect time", async () => {
    const stolen: string[] = [];
    const inside = http.createServer((req, res) => (stolen.push(req.url!), res.writeHead(204).end()));
    servers.push(inside);
    await new Promise<void>((r) => inside.listen(0, "127.0.0.2", r));
    const insideUrl = `http://127.0.0.2:${(inside.address() as AddressInfo).port}`;
    const redirector = await listen((_req, res) => res.writeHead(307, { location: `${insideUrl}/steal` }).end());
    // Private URLs not allowed; only the redirector's own address counts as reachable ("public") here.
    const agent = createOutboundAgent(false, (address) => address === "127.0.0.1");
    const env = { encryptionKey, smtpUrl: undefined, mailFrom: "x@y.z", appUrl: undefined, allowPrivateUrls: false, agent };
    const channel = await createChannel(t.db, systemPrincipal(orgId), createChannelSchema.parse({ kind: "webhook", name: "Redirects", config: { url: `http://localhost:${new URL(redirector).port}/hook` } }), encryptionKey);
    const alertId = (await fireAlert(t.db, redis, { orgId, kind: "anomaly", dedupeKey: `redirect-${Date.now()}`, message: "redirect test" }, []))!;
    await t.db.alertDelivery.create({ data: { alertId, channelId: channel.id, status: "pending" } });
    await expect(deliverAlert(t.db, env, alertId, channel.id)).rejects.toBeInstanceOf(UnrecoverableError);
    const row = await t.db.alertDelivery.findFirstOrThrow({ where: { alertId, channelId: channel.id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/answered 307 \(a redirect\); alert deliveries do not follow redirects/);
    expect(stolen).toEqual([]);

    // The agent itself refuses an IP-literal private host, whoever calls it.
    const { fetch } = await import("undici");
    const direct = await fetch(`${insideUrl}/direct`, { dispatcher: agent, method: "POST" }).catch((e: Error) => e);
    expect(direct).toBeInstanceOf(Error);
    expect(((direct as Error).cause as Error).message).toMatch(/127\.0\.0\.2 is not a public address/);
    expect(stolen).toEqual([]);
  });
});

describe("spend anomalies", () => {
  it("flag a spike against the trailing baseline once, and ignore normal hours", async () => {
    const other = (await t.db.project.create({ data: { orgId, name: "Batch", slug: "batch" } })).id;
    // Ten days of $1 an hour (a little noise), then an hour of $40.
    const events = [];
    const end = new Date("2026-09-20T14:00:00Z").getTime();
    for (let h = 240; h >= 1; h--) events.push(usageEvent({ orgId, projectId: other, apiKeyId: null, occurredAt: new Date(end - h * 3600_000 + 60_000).toISOString(), costUsd: h % 3 ? "1.000000000" : "1.200000000" }));
    await recordUsageBatch(t.db, events);
    const now = new Date(end + 5 * 60_000); // 14:05: the last complete hour is 13:00-14:00
    const options = { hourlyFloorUsd: 5, dailyFloorUsd: 25 };
    expect(await scanSpendAnomalies(t.db, redis, orgId, now, options)).toEqual([]);
    await spend(new Date(end - 30 * 60_000).toISOString(), "39.000000000", other);
    const fired = await scanSpendAnomalies(t.db, redis, orgId, now, options);
    expect(fired).toHaveLength(1);
    const alert = await t.db.alert.findUniqueOrThrow({ where: { id: fired[0] } });
    expect(alert).toMatchObject({ kind: "anomaly", projectId: other });
    expect(alert.message).toContain('Project "Batch" spent $40.00 in the hour from 13:00 UTC');
    expect(await scanSpendAnomalies(t.db, redis, orgId, now, options)).toEqual([]);
  }, 30_000);
});
