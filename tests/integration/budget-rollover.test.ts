// Period rollover under load: with the org in Asia/Kolkata and the proxy's
// clock set so local midnight falls mid-test, requests admitted before
// midnight (and finishing after it) count in the old day, later ones in the
// new day, and each day's Redis counter equals that day's ledger: nothing
// is lost or counted twice, and no reset job is involved.
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { periodWindow } from "../../lib/budgets/budget-period";
import { ledgerSpendNano } from "../../lib/budgets/ledger-spend";
import { reconcileBudgetCounters } from "../../lib/budgets/reconcile-budget-counters";
import { usdToNano } from "../../lib/money/nano-usd";
import { addBudget, counterSpentNano, waitFor } from "../support/budget-helpers";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

const TZ = "Asia/Kolkata";
let f: ProxyFixture;
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;

beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.budgetRollover, clock });
});
afterAll(() => f.close());

it("requests straddling local midnight land in the period they were admitted in, counted once", async () => {
  await f.t.db.org.update({ where: { id: f.orgId }, data: { timezone: TZ } });
  const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Daily", scope: "project", projectId: f.projectId, period: "day", amountUsd: "100", mode: "hard" });
  // Local midnight 1.5 s from now, on the proxy's clock.
  const midnight = periodWindow("day", TZ, new Date()).end.getTime();
  offsetMs = midnight - Date.now() - 1500;
  f.upstream.set({ completionTokens: 10, tokensPerSecond: 25 }); // each answer takes ~400 ms: many straddle midnight

  const results: { status: number }[] = [];
  const deadline = Date.now() + 3500;
  const workers = Array.from({ length: 12 }, async (_, w) => {
    while (Date.now() < deadline) {
      const r = await fetch(`${f.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hello" }], max_tokens: 50, stream: w % 2 === 0 }),
      });
      await r.text();
      results.push({ status: r.status });
    }
  });
  await Promise.all(workers);
  expect(results.every((r) => r.status === 200)).toBe(true);
  await f.waitForUsage(results.length);

  const rows = await f.t.db.usageEvent.findMany({ select: { occurredAt: true, latencyMs: true } });
  const before = rows.filter((r) => r.occurredAt.getTime() < midnight);
  const after = rows.filter((r) => r.occurredAt.getTime() >= midnight);
  expect(before.length).toBeGreaterThan(5);
  expect(after.length).toBeGreaterThan(5);
  // Some requests admitted before midnight finished after it, and still count in the old day.
  expect(before.some((r) => r.occurredAt.getTime() + r.latencyMs > midnight)).toBe(true);

  const target = { orgId: f.orgId, scope: "project" as const, projectId: f.projectId, apiKeyId: null, tag: null };
  const oldDay = periodWindow("day", TZ, new Date(midnight - 1));
  const newDay = periodWindow("day", TZ, new Date(midnight));
  expect(newDay.start.getTime()).toBe(midnight);
  const ledgerOld = await ledgerSpendNano(f.t.db, target, oldDay.start, oldDay.end);
  const ledgerNew = await ledgerSpendNano(f.t.db, target, newDay.start, newDay.end);
  expect(ledgerOld).toBeGreaterThan(0n);
  expect(ledgerNew).toBeGreaterThan(0n);
  // The ledger reads whole hours from the rollups and the half-hour edges from raw rows: it must equal a raw sum.
  for (const [day, ledger] of [[oldDay, ledgerOld], [newDay, ledgerNew]] as const) {
    const [raw] = await f.t.db.$queryRaw<{ total: string }[]>`
      SELECT coalesce(sum(cost_usd), 0)::text AS total FROM usage_event WHERE project_id = ${f.projectId} AND occurred_at >= ${day.start} AND occurred_at < ${day.end}`;
    expect(ledger).toBe(usdToNano(raw!.total));
  }
  await waitFor(async () => (await counterSpentNano(f.redis, f.orgId, budget.id, "day", TZ, new Date(midnight))).reserved === 0n, 5000, "reservations released");
  expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", TZ, new Date(midnight - 1))).toEqual({ spent: ledgerOld, reserved: 0n });
  expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", TZ, new Date(midnight))).toEqual({ spent: ledgerNew, reserved: 0n });
  // And the reconcile job, run on the same clock, finds nothing to correct.
  const reconciled = await reconcileBudgetCounters(f.t.db, f.redis, new Date(clock()), f.orgId);
  expect(reconciled.map((r) => r.correctionNano)).toEqual([0n]);
}, 60_000);
