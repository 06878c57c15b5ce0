// A running proxy for integration tests: its own database (migrated
// template), real Redis, the fake upstream, the web server without Next, and
// the usage stream consumer writing to Postgres.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import type { WebEnv } from "../../lib/env";
import { createProxyOrg } from "./create-proxy-org";
import { createLogger } from "../../lib/log/logger";
import { createRedis } from "../../lib/redis/create-redis";
import { createWebServer, type WebServer } from "../../lib/web/create-web-server";
import { startUsageStreamConsumer, type UsageStreamConsumer } from "../../workers/usage-stream-consumer";
import { startFakeUpstream, type FakeUpstream } from "./fake-upstream";
import { createTestDatabase, type TestDatabase } from "./test-database";

export { UPSTREAM_CREDENTIAL } from "./create-proxy-org";

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
  clock?: () => number;
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

  const org = await createProxyOrg(t.db, upstream.url, encryptionKey);

  const log = createLogger({ name: "test-web", level: "silent" });
  const env = {
    TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"),
    TOLLGATE_MAX_BODY_BYTES: 64 * 1024,
    TOLLGATE_UPSTREAM_TIMEOUT_MS: 2000,
    TOLLGATE_REDIS_DOWN_REFUSES: "hard-budgets",
    TOLLGATE_RESERVATION_TTL_MS: 15 * 60_000,
    TOLLGATE_ADMISSION_LEASES: "true",
    TOLLGATE_USAGE_JOURNAL_DIR: mkdtempSync(path.join(os.tmpdir(), "tollgate-journal-")),
    ...options.env,
  } as WebEnv;
  const web = await createWebServer({ env, db: t.db, redis, subscriber, log, clock: options.clock });
  await new Promise<void>((r) => web.server.listen(0, "127.0.0.1", r));
  const port = (web.server.address() as AddressInfo).port;

  let consumerRedis: Redis | undefined;
  const fixture: ProxyFixture = {
    t, upstream, redis, redisUrl, web,
    encryptionKey: encryptionKey.toString("base64"),
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    apiKey: org.apiKey,
    apiKeyId: org.apiKeyId,
    orgId: org.orgId,
    projectId: org.projectId,
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
      if (env.TOLLGATE_USAGE_JOURNAL_DIR) rmSync(env.TOLLGATE_USAGE_JOURNAL_DIR, { recursive: true, force: true });
      await t.drop();
    },
  };
  if (options.withConsumer !== false) fixture.startConsumer();
  return fixture;
}
