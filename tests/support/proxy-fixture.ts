// A running proxy for integration tests: its own database (migrated
// template), real Redis, the fake upstream, the web server without Next, and
// the usage stream consumer writing to Postgres.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { encryptSecret } from "../../lib/crypto/secret-box";
import type { WebEnv } from "../../lib/env";
import { createApiKey } from "../../lib/keys/create-api-key";
import { createLogger } from "../../lib/log/logger";
import { createRedis } from "../../lib/redis/create-redis";
import { createWebServer, type WebServer } from "../../lib/web/create-web-server";
import { startUsageStreamConsumer, type UsageStreamConsumer } from "../../workers/usage-stream-consumer";
import { startFakeUpstream, type FakeUpstream } from "./fake-upstream";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const UPSTREAM_CREDENTIAL = "sk-upstream-secret-123";

export interface ProxyFixture {
  t: TestDatabase;
  upstream: FakeUpstream;
  baseURL: string;
  apiKey: string;
  apiKeyId: string;
  orgId: string;
  projectId: string;
  redis: Redis;
  redisUrl: string;
  /** base64; what a separately started web process needs to decrypt provider credentials. */
  encryptionKey: string;
  web: WebServer;
  consumer: UsageStreamConsumer | null;
  startConsumer: () => void;
  /** Waits until `n` usage rows exist (or fails after timeoutMs). */
  waitForUsage: (n: number, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startProxyFixture(options: {
  databaseServerUrl: string;
  redisUrl: string;
  redisDb: number;
  env?: Partial<WebEnv>;
  withConsumer?: boolean;
}): Promise<ProxyFixture> {
  const t = await createTestDatabase(options.databaseServerUrl);
  const url = new URL(options.redisUrl);
  url.pathname = `/${options.redisDb}`;
  const redisUrl = url.toString();
  const redis = createRedis(redisUrl);
  await redis.flushdb();
  const subscriber = createRedis(redisUrl);
  const upstream = await startFakeUpstream();
  const encryptionKey = randomBytes(32);

  const org = await t.db.org.create({ data: { name: "Test Org", slug: `org-${randomBytes(3).toString("hex")}` }, select: { id: true } });
  const project = await t.db.project.create({ data: { orgId: org.id, name: "App", slug: "app" }, select: { id: true } });
  const key = await createApiKey(t.db, { projectId: project.id, name: "test" });
  const provider = await t.db.provider.create({
    data: { orgId: org.id, name: "fake", vendor: "openai", kind: "cloud", baseUrl: upstream.url, encryptedCredential: encryptSecret(UPSTREAM_CREDENTIAL, encryptionKey) },
    select: { id: true },
  });
  const priced = await t.db.model.create({ data: { orgId: org.id, alias: "gpt-5-mini", tier: "economy" }, select: { id: true } });
  await t.db.modelPrice.create({ data: { modelId: priced.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0.25", cachedInputPerMTok: "0.025", outputPerMTok: "2" } });
  await t.db.deployment.create({ data: { providerId: provider.id, modelId: priced.id, upstreamModel: "gpt-5-mini-2026-01-01" } });
  const unpriced = await t.db.model.create({ data: { orgId: org.id, alias: "mystery-model", tier: "economy" }, select: { id: true } });
  await t.db.deployment.create({ data: { providerId: provider.id, modelId: unpriced.id, upstreamModel: "mystery-model" } });

  const log = createLogger({ name: "test-web", level: "silent" });
  const env = {
    TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"),
    TOLLGATE_MAX_BODY_BYTES: 64 * 1024,
    TOLLGATE_UPSTREAM_TIMEOUT_MS: 2000,
    ...options.env,
  } as WebEnv;
  const web = await createWebServer({ env, db: t.db, redis, subscriber, log });
  await new Promise<void>((r) => web.server.listen(0, "127.0.0.1", r));
  const port = (web.server.address() as AddressInfo).port;

  let consumerRedis: Redis | undefined;
  const fixture: ProxyFixture = {
    t, upstream, redis, redisUrl, web,
    encryptionKey: encryptionKey.toString("base64"),
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    apiKey: key.secret,
    apiKeyId: key.id,
    orgId: org.id,
    projectId: project.id,
    consumer: null,
    startConsumer: () => {
      consumerRedis ??= createRedis(redisUrl);
      fixture.consumer ??= startUsageStreamConsumer({ redis: consumerRedis, db: t.db, log, batchSize: 500 });
    },
    waitForUsage: async (n, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      let count = 0;
      while (Date.now() < deadline) {
        count = await t.db.usageEvent.count();
        if (count >= n) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`expected ${n} usage rows, found ${count}`);
    },
    close: async () => {
      await web.close();
      await fixture.consumer?.stop();
      consumerRedis?.disconnect();
      await upstream.close();
      subscriber.disconnect();
      redis.disconnect();
      await t.drop();
    },
  };
  if (options.withConsumer !== false) fixture.startConsumer();
  return fixture;
}
