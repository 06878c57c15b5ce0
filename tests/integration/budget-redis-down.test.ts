// When Redis (the budget counters) hangs: requests under a hard budget are
// refused with a clear 503 (fail-closed, the default), requests under soft
// budgets only are served, no usage is lost, and once Redis is back the
// reconcile job restores the counters from the Postgres ledger, also after
// the counters were wiped altogether.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { periodWindow } from "../../lib/budgets/budget-period";
import { ledgerSpendNano } from "../../lib/budgets/ledger-spend";
import { reconcileBudgetCounters } from "../../lib/budgets/reconcile-budget-counters";
import { createApiKey } from "../../lib/keys/create-api-key";
import { admitRequest, type RedisDownPolicy } from "../../lib/limits/admit-request";
import { LimitRulesCache } from "../../lib/limits/limit-rules";
import { withLimitScripts } from "../../lib/limits/limit-scripts";
import { createLogger } from "../../lib/log/logger";
import { createRedis } from "../../lib/redis/create-redis";
import { addBudget, counterSpentNano, waitFor } from "../support/budget-helpers";
import { startRedis, type LocalRedis } from "../support/local-services";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";

let redis: LocalRedis;
let f: ProxyFixture;
beforeAll(async () => {
  redis = await startRedis();
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: redis.url, redisDb: 0 });
});
afterAll(async () => {
  redis.resume();
  await f.close();
  await redis.stop();
});

const chat = (secret: string) =>
  fetch(`${f.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 50 }),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as { error?: { code: string; message: string } } }));

describe("Redis unavailable", () => {
  it("fails closed for hard budgets, open for soft ones, loses no usage, and reconcile rebuilds the counters", async () => {
    const hardKey = await createApiKey(f.t.db, { projectId: f.projectId, name: "hard" });
    const softKey = await createApiKey(f.t.db, { projectId: f.projectId, name: "soft" });
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Hard cap", scope: "key", apiKeyId: hardKey.id, period: "month", amountUsd: "5", mode: "hard" });
    const soft = await addBudget(f.t.db, f.redis, f.orgId, { name: "Soft watch", scope: "key", apiKeyId: softKey.id, period: "month", amountUsd: "5", mode: "soft" });
    // Warm the key and model caches while Redis is up.
    expect((await chat(hardKey.secret)).status).toBe(200);
    expect((await chat(softKey.secret)).status).toBe(200);
    await f.waitForUsage(2);

    redis.pause();
    // A lease taken before the hang (lib/limits/admission-leases.ts) admits for at most the rest of its second:
    // its allowance is reserved in Redis already. After that, nothing under the hard budget passes.
    await new Promise((r) => setTimeout(r, 1100));
    const started = Date.now();
    const refused = await chat(hardKey.secret);
    expect(refused.status).toBe(503);
    expect(refused.json.error).toMatchObject({ code: "limits_unavailable" });
    expect(Date.now() - started).toBeLessThan(5000);
    const served = await Promise.all([chat(softKey.secret), chat(softKey.secret), chat(softKey.secret)]);
    expect(served.map((r) => r.status)).toEqual([200, 200, 200]);
    await new Promise((r) => setTimeout(r, 1500)); // settles time out while Redis hangs
    redis.resume();

    // The usage of the answered requests reaches the ledger once Redis is back...
    await f.waitForUsage(5, 30_000);
    const month = periodWindow("month", "UTC", new Date());
    const target = { orgId: f.orgId, scope: "key" as const, projectId: null, apiKeyId: softKey.id, tag: null };
    const ledger = await ledgerSpendNano(f.t.db, target, month.start, month.end);
    expect(await f.t.db.usageEvent.count({ where: { apiKeyId: softKey.id } })).toBe(4);
    // Settles that timed out may or may not have reached Redis (a hung server runs them late); reconcile makes it exact.
    await reconcileBudgetCounters(f.t.db, f.redis, new Date(), f.orgId);
    expect((await counterSpentNano(f.redis, f.orgId, soft.id, "month", "UTC", new Date())).spent).toBe(ledger);

    // Counters wiped (a Redis restarted without persistence): rebuilt from the ledger.
    await f.redis.flushdb();
    await reconcileBudgetCounters(f.t.db, f.redis, new Date(), f.orgId);
    expect((await counterSpentNano(f.redis, f.orgId, soft.id, "month", "UTC", new Date())).spent).toBe(ledger);
    // The refused request's late-running reservation was released, so the hard budget has all its room.
    const hard = await f.t.db.budget.findFirstOrThrow({ where: { apiKeyId: hardKey.id } });
    await waitFor(async () => (await counterSpentNano(f.redis, f.orgId, hard.id, "month", "UTC", new Date())).reserved === 0n, 5000, "no reservation left behind");
    expect((await chat(hardKey.secret)).status).toBe(200);
  }, 60_000);

  it("the refusal policy is configurable: everything limited, or nothing", async () => {
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "policy" });
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Soft only", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "1", mode: "soft" });
    const hardKey = await createApiKey(f.t.db, { projectId: f.projectId, name: "policy-hard" });
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Hard", scope: "key", apiKeyId: hardKey.id, period: "day", amountUsd: "1", mode: "hard" });
    const client = withLimitScripts(createRedis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 300 }));
    client.on("error", () => {});
    await new Promise((r) => client.once("ready", r));
    const rules = new LimitRulesCache(f.t.db);
    await rules.get(f.orgId);
    const admit = (policy: RedisDownPolicy, keyId: string) =>
      admitRequest({ redis: client, rules, redisDownRefuses: policy, reservationTtlMs: 60_000, log: createLogger({ name: "t", level: "silent" }) }, {
        requestId: `r-${policy}-${keyId}`, attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId, tags: [], model: "gpt-5-mini", at: new Date(),
        reservation: { inputTokens: 5, outputTokens: 50, costNano: 100_000n },
      }).then((r) => r.kind, (e: { code: string }) => e.code);
    redis.pause();
    try {
      expect(await admit("all-limited", key.id)).toBe("limits_unavailable");
      expect(await admit("hard-budgets", key.id)).toBe("admitted");
      expect(await admit("hard-budgets", hardKey.id)).toBe("limits_unavailable");
      expect(await admit("nothing", hardKey.id)).toBe("admitted");
    } finally {
      redis.resume();
      client.disconnect();
    }
    await waitFor(async () => (await f.redis.ping()) === "PONG", 5000, "redis back");
  }, 30_000);
});
