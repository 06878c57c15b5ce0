import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveDashboardScope } from "../../lib/dashboard/dashboard-scope";
import { getSpendOverview } from "../../lib/dashboard/get-spend-overview";
import { listModels } from "../../lib/catalog/manage-models";
import { getBudgetStatus } from "../../lib/budgets/get-budget-status";
import { seedDemo } from "../../lib/demo/seed-demo";
import { demoWhatIfScenario } from "../../lib/demo/start-demo-whatif";
import { assertScenarioMatchesCatalog } from "../../lib/whatif/io/manage-scenarios";
import { verifyPassword } from "../../lib/auth/password";
import { hashSecret } from "../../lib/keys/generate-secret";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
const now = new Date("2026-11-23T15:30:00Z");
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
});
afterAll(() => t.drop());

describe("demo seed", () => {
  it("seeds an empty database once, with credentials that work and secrets stored hashed", async () => {
    const first = await seedDemo(t.db, { ownerEmail: "owner@example.test", now });
    expect(first.created).toBe(true);
    expect(first.usageEvents).toBeGreaterThan(40_000);
    expect((await t.db.org.findUniqueOrThrow({ where: { id: first.orgId }, select: { name: true } })).name).toMatch(/demo/i);
    const owner = await t.db.user.findUniqueOrThrow({ where: { email: "owner@example.test" }, select: { passwordHash: true, memberships: { select: { role: true } } } });
    expect(owner.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(owner.passwordHash, first.ownerPassword!)).toBe(true);
    expect(owner.memberships).toEqual([{ role: "owner" }]);
    const key = await t.db.apiKey.findUnique({ where: { hashedKey: hashSecret(first.demoApiKey!) }, select: { project: { select: { slug: true } } } });
    expect(key?.project.slug).toBe("support-copilot");
    expect(await t.db.apiKey.count({ where: { hashedKey: first.demoApiKey! } })).toBe(0);
    // Each demo key was last used by its last demo request (the recorder the proxy uses).
    const keys = await t.db.apiKey.findMany({ select: { id: true, lastUsedAt: true } });
    for (const k of keys) {
      const [last] = await t.db.$queryRaw<{ at: Date }[]>`SELECT max(occurred_at) AS at FROM usage_event WHERE api_key_id = ${k.id}`;
      expect(k.lastUsedAt?.toISOString()).toBe(last!.at.toISOString());
    }

    // Routing: the demo's policies, and two weeks of traffic they routed (each kind of outcome present, cache hits at $0).
    expect((await t.db.routingPolicy.findMany({ select: { mode: true } })).map((p) => p.mode).sort()).toEqual(["enforce", "enforce", "shadow"]);
    // The daily price-import check's first pass: the public dataset's prices pending review.
    const imports = await t.db.priceImport.findMany({ where: { orgId: first.orgId }, select: { status: true, createdBy: true, counts: true } });
    expect(imports).toEqual([{ status: "pending", createdBy: "system", counts: expect.objectContaining({ new: expect.any(Number) }) }]);
    expect((imports[0]!.counts as { new: number }).new).toBeGreaterThan(100);
    const [routed] = await t.db.$queryRaw<{ hits: bigint; hit_cost: string; fallbacks: bigint; local: bigint; burst: bigint; shadow: bigint; oldest: Date }[]>`
      SELECT count(*) FILTER (WHERE routing->'cache'->>'status' = 'hit') AS hits,
             coalesce(sum(cost_usd) FILTER (WHERE routing->'cache'->>'status' = 'hit'), 0)::text AS hit_cost,
             count(*) FILTER (WHERE attempt = 1 AND routing->>'role' = 'fallback') AS fallbacks,
             count(*) FILTER (WHERE routing->'local'->>'served' = 'local') AS local,
             count(*) FILTER (WHERE routing->'local'->>'served' = 'burst') AS burst,
             count(*) FILTER (WHERE jsonb_array_length(coalesce(routing->'shadow', '[]'::jsonb)) > 0) AS shadow,
             min(occurred_at) AS oldest
      FROM usage_event WHERE routing IS NOT NULL`;
    for (const n of [routed!.hits, routed!.fallbacks, routed!.local, routed!.burst, routed!.shadow]) expect(n).toBeGreaterThan(20n);
    expect(Number(routed!.hit_cost)).toBe(0);
    expect(routed!.oldest.getTime()).toBeGreaterThanOrEqual(now.getTime() - 15 * 86_400_000);

    const second = await seedDemo(t.db, { ownerEmail: "owner@example.test", now });
    expect(second).toMatchObject({ created: false, orgId: first.orgId, usageEvents: 0 });
    expect(await t.db.usageEvent.count()).toBe(first.usageEvents);
    expect(await t.db.project.count()).toBe(5);
  });

  it("writes usage whose rollups reproduce the raw rows exactly", async () => {
    const [raw] = await t.db.$queryRaw<{ cost: string; n: bigint }[]>`SELECT sum(cost_usd)::text AS cost, count(*) AS n FROM usage_event`;
    const [rolled] = await t.db.$queryRaw<{ cost: string; n: bigint }[]>`SELECT sum(cost_usd)::text AS cost, sum(requests) AS n FROM usage_rollup_hourly`;
    expect(rolled).toEqual(raw);
  });

  it("looks like real traffic: 60 days, busier weekdays and office hours, all tiers, errors, unpriced and estimated rows", async () => {
    const [shape] = await t.db.$queryRaw<{ days: bigint; weekday: number; weekend: number; day_hours: number; night_hours: number; errors: bigint; unpriced: bigint; estimated: bigint; tags: bigint }[]>`
      SELECT count(DISTINCT date_trunc('day', occurred_at)) AS days,
        (count(*) FILTER (WHERE extract(isodow FROM occurred_at) < 6))::float / 5 AS weekday,
        (count(*) FILTER (WHERE extract(isodow FROM occurred_at) >= 6))::float / 2 AS weekend,
        count(*) FILTER (WHERE extract(hour FROM occurred_at) BETWEEN 9 AND 16)::float AS day_hours,
        count(*) FILTER (WHERE extract(hour FROM occurred_at) BETWEEN 0 AND 7)::float AS night_hours,
        count(*) FILTER (WHERE status <> 'ok') AS errors,
        count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced,
        count(*) FILTER (WHERE usage_source = 'estimated') AS estimated,
        count(*) FILTER (WHERE cardinality(tags) > 0) AS tags
      FROM usage_event`;
    expect(shape!.days).toBeGreaterThanOrEqual(60n);
    expect(shape!.weekday).toBeGreaterThan(shape!.weekend * 2);
    expect(shape!.day_hours).toBeGreaterThan(shape!.night_hours * 3);
    expect(shape!.errors).toBeGreaterThan(0n);
    expect(shape!.unpriced).toBeGreaterThan(0n);
    expect(shape!.estimated).toBeGreaterThan(0n);
    expect(shape!.tags).toBeGreaterThan(0n);
    const tiers = await t.db.usageEvent.groupBy({ by: ["tier"], _count: true });
    expect(tiers.map((r) => r.tier).sort()).toEqual(["economy", "mid", "premium"]);
  });

  it("feeds the dashboard overview with month-to-date totals that match the raw rows", async () => {
    const org = await t.db.org.findFirstOrThrow({ select: { id: true } });
    const principal = { kind: "user" as const, actor: "user:test", userId: null, email: null, orgId: org.id, role: "finance" as const };
    const overview = await getSpendOverview(t.db, await resolveDashboardScope(t.db, principal, { from: "2026-11-01" }, now));
    const [mtd] = await t.db.$queryRaw<{ cost: string; n: bigint; unpriced: bigint }[]>`
      SELECT sum(cost_usd)::text AS cost, count(*) AS n, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
      FROM usage_event WHERE occurred_at >= '2026-11-01T00:00:00Z' AND occurred_at <= ${now}`;
    expect(overview.totals).toMatchObject({ costUsd: mtd!.cost, requests: Number(mtd!.n), unpricedRequests: Number(mtd!.unpriced) });
    const last30 = await getSpendOverview(t.db, await resolveDashboardScope(t.db, principal, {}, now));
    expect(new Set(last30.dailyByTier.map((r) => r.tier))).toEqual(new Set(["premium", "mid", "economy"]));
    expect(new Set(last30.dailyByTier.map((r) => r.day)).size).toBe(30);
    // The default 30-day view has a real previous period (60 days seeded), somewhat quieter (traffic grows).
    expect(last30.previousTotals.requests).toBeGreaterThan(last30.totals.requests * 0.6);
    expect(last30.previousTotals.requests).toBeLessThan(last30.totals.requests);
    expect(Number(last30.previousTotals.costUsd)).toBeGreaterThan(0);
    expect(last30.byProject).toHaveLength(5);
    const unpricedModel = last30.byModel.find((m) => m.id === "llama-3.1-70b-custom");
    expect(unpricedModel?.unpricedRequests).toBe(unpricedModel?.requests);
    expect(unpricedModel!.requests).toBeGreaterThan(0);
    // It is in the catalog, unpriced, so the Models page lists it for finance to price.
    const models = await listModels(t.db, principal);
    expect(models.find((m) => m.alias === "llama-3.1-70b-custom")).toMatchObject({ currentPrice: null, priceVersions: 0, deployments: [expect.objectContaining({ upstreamModel: "acme/llama-3.1-70b-custom" })] });
  });

  it("seeds budgets at a realistic pace: a month at the last 30 days' spend is mostly 40-70% of its budget, one near its threshold, one soft over, the demo key's hard budget with room", async () => {
    const budgets = await t.db.budget.findMany({ select: { id: true, orgId: true, name: true, scope: true, projectId: true, apiKeyId: true, tag: true, period: true, amountUsd: true, mode: true, project: { select: { slug: true } } } });
    expect(budgets).toHaveLength(6);
    const pace = new Map<string, { percent: number; mode: string; nowPercent: number }>();
    for (const b of budgets) {
      const [row] = await t.db.$queryRaw<{ usd: string }[]>`
        SELECT coalesce(sum(cost_usd), 0)::text AS usd FROM usage_event
        WHERE org_id = ${b.orgId} AND occurred_at >= ${new Date(now.getTime() - 30 * 24 * 3600_000)} AND occurred_at < ${now}
          AND (${b.projectId}::text IS NULL OR project_id = ${b.projectId})`;
      const status = await getBudgetStatus(t.db, null, b, "UTC", now);
      pace.set(b.project?.slug ?? "org", { percent: (Number(row!.usd) / Number(b.amountUsd)) * 100, mode: b.mode, nowPercent: status.percentUsed });
    }
    const percents = [...pace.values()].map((u) => u.percent);
    expect(percents.filter((p) => p >= 40 && p <= 70).length).toBeGreaterThanOrEqual(3);
    expect(percents.some((p) => p >= 70 && p < 80)).toBe(true);
    expect([...pace.values()].some((u) => u.mode === "soft" && u.percent > 100)).toBe(true);
    const demo = pace.get("support-copilot")!;
    expect(demo.mode).toBe("hard");
    expect(demo.percent).toBeLessThan(60);
    // Spend so far this month stays under every hard budget: nothing is refused on day one.
    expect([...pace.values()].filter((u) => u.mode === "hard").every((u) => u.nowPercent < 100)).toBe(true);
  });

  it("has a catalog the demo what-if scenario fits: every model it names is priced over its 30 days, the local one is local (whatif-runs.test.ts runs it)", async () => {
    const org = await t.db.org.findFirstOrThrow({ select: { id: true } });
    await expect(assertScenarioMatchesCatalog(t.db, org.id, demoWhatIfScenario(now))).resolves.toBeUndefined();
  });
});
