// Reconcile must not "correct" a hard budget's counter down to a ledger that
// is merely behind: while ingest is stalled the counter is right and the
// ledger is stale. Lowering is allowed only once the ledger is known to hold
// every event settled up to the comparison, and never while the org has an
// open dead letter in the period.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { periodWindow } from "../../lib/budgets/budget-period";
import { ledgerSpendNano } from "../../lib/budgets/ledger-spend";
import { reconcileBudgetCounters } from "../../lib/budgets/reconcile-budget-counters";
import { createApiKey } from "../../lib/keys/create-api-key";
import { budgetCounterKey } from "../../lib/limits/limit-keys";
import { usdToNano } from "../../lib/money/nano-usd";
import { UNSENT_USAGE_KEY } from "../../lib/usage/unsent-usage-marker";
import { USAGE_STREAM_KEY } from "../../lib/usage/usage-stream";
import { addBudget, counterSpentNano, waitFor } from "../support/budget-helpers";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";
import { streamedUsageCount } from "../support/streamed-usage";

let f: ProxyFixture;
beforeAll(async () => {
  // No consumer: ingest is stalled until the test starts it.
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.reconcileLaggingLedger, withConsumer: false });
});
afterAll(() => f.close());

const chat = (secret: string) =>
  fetch(`${f.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 40 }),
  }).then(async (r) => ({ status: r.status, body: await r.text() }));

describe("reconcile with a lagging ledger", () => {
  it("never lowers a hard budget's counter while ingest is stalled; settled spend stays within the budget", async () => {
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "capped" });
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Tiny daily cap", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.0004", mode: "hard" });
    const counter = () => counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date());

    // Traffic at the budget across several monitor passes (a minute apart) while ingest is stalled:
    // the ledger says $0 throughout, and the counter must never be lowered to it.
    let served = 0;
    let refused = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 4; i++) {
        const r = await chat(key.secret);
        expect([200, 429]).toContain(r.status);
        if (r.status === 200) served++;
        else refused++;
      }
      await waitFor(async () => (await counter()).reserved === 0n, 5000, "settles");
      const [r] = (await reconcileBudgetCounters(f.t.db, f.redis, new Date(Date.now() + round * 61_000), f.orgId)).filter((x) => x.budgetId === budget.id);
      expect(r!.ledgerNano).toBe(0n);
      expect(r!.correctionNano).toBe(0n);
    }
    expect(served).toBeGreaterThan(2);
    expect(refused).toBeGreaterThan(4);
    const settled = (await counter()).spent;
    expect(await streamedUsageCount(f.redis)).toBe(served);

    // Ingest resumes: the ledger catches up with the counter, and what was spent never exceeds the budget.
    f.startConsumer();
    await f.waitForUsage(served);
    const window = periodWindow("day", "UTC", new Date());
    const ledger = await ledgerSpendNano(f.t.db, { orgId: f.orgId, scope: "key", projectId: null, apiKeyId: key.id, tag: null }, window.start, window.end);
    expect(ledger).toBe(settled);
    expect(ledger).toBeLessThanOrEqual(usdToNano("0.0004"));
    const [after] = (await reconcileBudgetCounters(f.t.db, f.redis, new Date(), f.orgId)).filter((x) => x.budgetId === budget.id);
    expect(after!.correctionNano).toBe(0n);
  });

  it("still lowers a counter that is really ahead once ingest has caught up, but not while the org has an open dead letter or a web process holds unconfirmed usage", async () => {
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "drifted" });
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Drifted", scope: "key", apiKeyId: key.id, period: "month", amountUsd: "10", mode: "hard" });
    expect((await chat(key.secret)).status).toBe(200);
    await f.waitForUsage(await f.t.db.usageEvent.count() + 1);
    await waitFor(async () => (await f.redis.xlen(USAGE_STREAM_KEY)) === 0, 10_000, "ingest to catch up");
    const redisKey = budgetCounterKey(f.orgId, budget.id, periodWindow("month", "UTC", new Date()).start.getTime());
    const pass = async (now = new Date()) => (await reconcileBudgetCounters(f.t.db, f.redis, now, f.orgId)).find((x) => x.budgetId === budget.id)!;
    expect((await pass()).correctionNano).toBe(0n);

    // A double-counted settle: the counter is $0.01 ahead of a complete ledger.
    await f.redis.hincrby(redisKey, "spent", 10_000_000);
    // An open dead letter of this org in the period: the ledger may be missing it, so nothing is lowered.
    const letter = await f.t.db.usageDeadLetter.create({ data: { streamId: "0-1", orgId: f.orgId, occurredAt: new Date(), payload: Buffer.from("{}"), reason: "storage_rejected", errorMessage: "test" } });
    expect((await pass()).correctionNano).toBe(0n);
    expect((await pass(new Date(Date.now() + 61_000))).correctionNano).toBe(0n);

    // A web process still holds this org's usage unconfirmed (memory or journal) since before the first sighting.
    await f.t.db.usageDeadLetter.update({ where: { id: letter.id }, data: { replayedAt: new Date() } });
    await f.redis.hset(UNSENT_USAGE_KEY, "web-1", `${Date.now() - 60_000}:${Date.now()}`);
    expect((await pass(new Date(Date.now() + 100_000))).correctionNano).toBe(0n);
    await f.redis.hdel(UNSENT_USAGE_KEY, "web-1");
    expect((await pass(new Date(Date.now() + 122_000))).correctionNano).toBe(-10_000_000n);
    expect((await pass(new Date(Date.now() + 183_000))).correctionNano).toBe(0n);
  });
});
