// The dashboards and exports against raw rows: every total the overview
// shows (with each filter) is recomputed from usage_event in org-local days;
// the FOCUS export adds up to the same numbers to the nano-dollar, meter by
// meter at the price version each request used; engineers see only their
// projects; project membership changes are audited.
import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { resolveDashboardScope, type DashboardFilter } from "../../lib/dashboard/dashboard-scope";
import { getModelUsage } from "../../lib/dashboard/get-model-usage";
import { getSpendOverview } from "../../lib/dashboard/get-spend-overview";
import { buildFocusExport } from "../../lib/exports/build-focus-export";
import { FOCUS_COLUMNS } from "../../lib/exports/focus-columns";
import { AppError } from "../../lib/http/app-error";
import { priceRequest, type PriceRates } from "../../lib/pricing/price-request";
import { addProjectMember, listProjectMembers, removeProjectMember } from "../../lib/projects/manage-project-members";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
let owner: Principal;
let engineer: Principal;
let orgId: string;
let engineerId: string;
const projects: Record<string, string> = {};
const TZ = "America/New_York";
const now = new Date("2026-11-20T17:00:00Z");
const oldRates: PriceRates = { inputPerMTok: "1.1", cachedInputPerMTok: "0.275", cacheWritePerMTok: null, outputPerMTok: "4.4", reasoningPerMTok: null };
const newRates: PriceRates = { inputPerMTok: "0.9", cachedInputPerMTok: "0.225", cacheWritePerMTok: null, outputPerMTok: "3.6", reasoningPerMTok: "7.123457" };
const cheapRates: PriceRates = { inputPerMTok: "0.05", cachedInputPerMTok: null, cacheWritePerMTok: null, outputPerMTok: "0.4", reasoningPerMTok: null };

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  const org = await t.db.org.create({ data: { name: "Dash Org", slug: "dash-org", timezone: TZ } });
  orgId = org.id;
  for (const name of ["Alpha", "Beta"]) projects[name] = (await t.db.project.create({ data: { orgId, name, slug: name.toLowerCase() } })).id;
  const user = await t.db.user.create({ data: { email: "eng@dash.test", passwordHash: "x" } });
  engineerId = user.id;
  await t.db.membership.create({ data: { orgId, userId: user.id, role: "engineer" } });
  await t.db.projectMember.create({ data: { projectId: projects.Alpha!, userId: user.id } });
  owner = { kind: "token", actor: "token:test", userId: null, email: null, orgId, role: "owner" };
  engineer = { kind: "user", actor: `user:${user.id}`, userId: user.id, email: "eng@dash.test", orgId, role: "engineer" };

  const provider = await t.db.provider.create({ data: { orgId, name: "OpenAI prod", kind: "cloud", vendor: "openai", baseUrl: "https://api.openai.com/v1" } });
  const o4 = await t.db.model.create({ data: { orgId, alias: "o4-mini", tier: "mid" } });
  const nano = await t.db.model.create({ data: { orgId, alias: "gpt-5-nano", tier: "economy" } });
  const o4Deployment = await t.db.deployment.create({ data: { providerId: provider.id, modelId: o4.id, upstreamModel: "o4-mini" } });
  const nanoDeployment = await t.db.deployment.create({ data: { providerId: provider.id, modelId: nano.id, upstreamModel: "gpt-5-nano" } });
  const toPrice = (r: PriceRates) => ({ inputPerMTok: r.inputPerMTok, cachedInputPerMTok: r.cachedInputPerMTok, outputPerMTok: r.outputPerMTok, reasoningPerMTok: r.reasoningPerMTok });
  const oldPrice = await t.db.modelPrice.create({ data: { modelId: o4.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), ...toPrice(oldRates) } });
  const newPrice = await t.db.modelPrice.create({ data: { modelId: o4.id, effectiveFrom: new Date("2026-11-10T00:00:00Z"), ...toPrice(newRates) } });
  const cheapPrice = await t.db.modelPrice.create({ data: { modelId: nano.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), ...toPrice(cheapRates) } });

  const events: UsageEventInput[] = [];
  // 45 days back, every 5 hours 7 minutes: crosses local midnights, the price change and both periods compared.
  for (let at = now.getTime() - 45 * 86400_000, i = 0; at < now.getTime(); at += 307 * 60_000, i++) {
    const occurredAt = new Date(at);
    const usage = { inputTokens: 1000 + (i % 13) * 77, cachedInputTokens: (i % 4) * 50, cacheWriteTokens: 0, outputTokens: 200 + (i % 7) * 31, reasoningTokens: (i % 3) * 20 };
    const project = i % 3 === 0 ? projects.Beta! : projects.Alpha!;
    const tags = i % 5 === 0 ? ["team:search", "batch"] : i % 2 ? ["team:chat"] : [];
    if (i % 11 === 0) {
      events.push(usageEvent({ orgId, projectId: project, apiKeyId: null, occurredAt: occurredAt.toISOString(), servedModel: "mystery", requestedModel: "mystery", tier: null, ...usage, costUsd: null, tags }));
    } else if (i % 2) {
      const price = occurredAt >= new Date("2026-11-10T00:00:00Z") ? { id: newPrice.id, rates: newRates } : { id: oldPrice.id, rates: oldRates };
      events.push(usageEvent({ orgId, projectId: project, apiKeyId: null, occurredAt: occurredAt.toISOString(), servedModel: "o4-mini", requestedModel: "o4-mini", tier: "mid", deploymentId: o4Deployment.id, ...usage, costUsd: priceRequest(usage, price.rates).total, priceId: price.id, tags, latencyMs: 300 + i, ttftMs: 100 + (i % 50), streamed: true }));
    } else {
      events.push(usageEvent({ orgId, projectId: project, apiKeyId: null, occurredAt: occurredAt.toISOString(), servedModel: "gpt-5-nano", requestedModel: "gpt-5-nano", tier: "economy", deploymentId: nanoDeployment.id, ...usage, costUsd: priceRequest(usage, cheapRates).total, priceId: cheapPrice.id, tags, latencyMs: 200 + i, status: i % 17 === 0 ? "upstream_error" : "ok", httpStatus: i % 17 === 0 ? 502 : 200 }));
    }
  }
  await recordUsageBatch(t.db, events);
});
afterAll(() => t.drop());

/** The same numbers straight from the raw rows, in org-local days. */
async function rawTotals(from: string, to: string, f: DashboardFilter = {}) {
  const [row] = await t.db.$queryRawUnsafe<{ cost: string | null; n: bigint; unpriced: bigint }[]>(
    `SELECT coalesce(sum(cost_usd), 0)::numeric(24, 9)::text AS cost, count(*) AS n, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced FROM usage_event
     WHERE org_id = $1 AND (occurred_at AT TIME ZONE $2)::date BETWEEN $3::date AND $4::date
       AND ($5::text IS NULL OR project_id = $5) AND ($6::text IS NULL OR coalesce(tier::text, 'unknown') = $6)
       AND ($7::text IS NULL OR served_model = $7) AND ($8::text IS NULL OR $8 = ANY(tags))`,
    orgId, TZ, from, to, f.project ?? null, f.tier ?? null, f.model ?? null, f.tag ?? null);
  return { costUsd: row!.cost ?? "0", requests: Number(row!.n), unpricedRequests: Number(row!.unpriced) };
}

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));

describe("spend overview", () => {
  it("defaults to the last 30 org-local days and matches the raw rows, now and in the previous period", async () => {
    const scope = await resolveDashboardScope(t.db, owner, {}, now);
    expect(scope).toMatchObject({ from: "2026-10-22", to: "2026-11-20", previousFrom: "2026-09-22", previousTo: "2026-10-21", days: 30 });
    const overview = await getSpendOverview(t.db, scope);
    expect(overview.totals).toMatchObject(await rawTotals("2026-10-22", "2026-11-20"));
    const previous = await rawTotals("2026-09-22", "2026-10-21");
    expect(overview.previousTotals).toEqual({ costUsd: previous.costUsd, requests: previous.requests });
    expect(overview.totals.unpricedRequests).toBeGreaterThan(0);
    // Every breakdown adds back up to the total; tiers include the unpriced "unknown".
    for (const groups of [overview.byProject, overview.byModel, overview.byKey, overview.byTier]) {
      expect(sum(groups.map((g) => g.costUsd)).eq(overview.totals.costUsd)).toBe(true);
      expect(groups.reduce((n, g) => n + g.requests, 0)).toBe(overview.totals.requests);
    }
    expect(sum(overview.dailyByTier.map((d) => d.costUsd)).eq(overview.totals.costUsd)).toBe(true);
    expect(overview.byTier.map((g) => g.id).sort()).toEqual(["economy", "mid", "unknown"]);
    const mystery = overview.byModel.find((m) => m.id === "mystery")!;
    expect(mystery.unpricedRequests).toBe(mystery.requests);
    const project = overview.byProject.find((p) => p.label === "Alpha")!;
    expect(new Decimal(project.changeUsd).eq(new Decimal(project.costUsd).minus(project.previousCostUsd))).toBe(true);
    expect(overview.topMovers.length).toBeGreaterThan(0);
    for (const tag of overview.byTag) expect(tag.costUsd).toBe((await rawTotals("2026-10-22", "2026-11-20", { tag: tag.id })).costUsd);
  });

  it("applies each filter exactly as the raw rows do", async () => {
    const filters: DashboardFilter[] = [
      { project: projects.Beta }, { tier: "mid" }, { tier: "unknown" }, { model: "gpt-5-nano" }, { tag: "batch" },
      { tag: "team:chat", project: projects.Alpha, model: "o4-mini" }, { from: "2026-11-01", to: "2026-11-01" },
    ];
    for (const filter of filters) {
      const scope = await resolveDashboardScope(t.db, owner, filter, now);
      const overview = await getSpendOverview(t.db, scope);
      expect(overview.totals, JSON.stringify(filter)).toMatchObject(await rawTotals(scope.from, scope.to, filter));
    }
  });

  it("confines engineers to their projects and refuses another project", async () => {
    const scope = await resolveDashboardScope(t.db, engineer, {}, now);
    const overview = await getSpendOverview(t.db, scope);
    expect(overview.byProject.map((p) => p.label)).toEqual(["Alpha"]);
    expect(overview.totals).toMatchObject(await rawTotals(scope.from, scope.to, { project: projects.Alpha }));
    await expect(resolveDashboardScope(t.db, engineer, { project: projects.Beta }, now)).rejects.toMatchObject({ code: "not_found" });
    await expect(resolveDashboardScope(t.db, owner, { project: "someone-elses" }, now)).rejects.toBeInstanceOf(AppError);
  });

  it("refuses a backwards or too long range with a clear error", async () => {
    await expect(resolveDashboardScope(t.db, owner, { from: "2026-11-10", to: "2026-11-01" }, now)).rejects.toThrow(/must not be after/);
    await expect(resolveDashboardScope(t.db, owner, { from: "2024-01-01", to: "2026-11-01" }, now)).rejects.toThrow(/at most 366 days/);
  });
});

describe("model page", () => {
  it("reports cost per 1,000 priced requests, average latency and last-24-hour percentiles", async () => {
    const scope = await resolveDashboardScope(t.db, owner, {}, now);
    const usage = await getModelUsage(t.db, scope, "o4-mini", now);
    const raw = await rawTotals(scope.from, scope.to, { model: "o4-mini" });
    expect(usage.totals.requests).toBe(raw.requests);
    expect(usage.totals.costUsd).toBe(raw.costUsd);
    expect(usage.totals.costPer1kRequestsUsd).toBe(new Decimal(raw.costUsd).times(1000).div(raw.requests).toDecimalPlaces(6).toFixed(6));
    expect(usage.last24h.requests).toBeGreaterThan(0);
    expect(usage.last24h.ttftP50Ms).not.toBeNull();
    expect(usage.totals.avgTtftMs).toBeGreaterThanOrEqual(100);
    expect(sum(usage.daily.map((d) => d.costUsd)).eq(raw.costUsd)).toBe(true);
  });
});

describe("FOCUS export", () => {
  it("has every mandatory column and adds up to the dashboard, meter by meter at each price version", async () => {
    const filter = { from: "2026-11-01", to: "2026-11-20" };
    const scope = await resolveDashboardScope(t.db, owner, filter, now);
    const [focus, overview] = await Promise.all([buildFocusExport(t.db, scope), getSpendOverview(t.db, scope)]);
    expect(sum(focus.rows.map((r) => r.BilledCost)).eq(overview.totals.costUsd)).toBe(true);
    expect(focus.totalBilledCost).toBe(new Decimal(overview.totals.costUsd).toFixed(9));
    expect(focus.unpricedRequests).toBe(overview.totals.unpricedRequests);
    expect(focus.rows.reduce((n, r) => n + Number(r.x_Requests), 0)).toBe(overview.totals.requests - overview.totals.unpricedRequests);
    const mandatory = ["BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ChargeDescription",
      "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit",
      "ProviderName", "PublisherName", "ServiceCategory", "ServiceName", "BilledCost", "SkuId", "SkuMeter", "ConsumedQuantity", "ConsumedUnit"] as const;
    for (const row of focus.rows) {
      for (const column of mandatory) expect(row[column], column).not.toBe("");
      expect(Object.keys(row)).toEqual([...FOCUS_COLUMNS]);
    }
    // Org-local days as UTC instants: New York midnight is 04:00Z in November (05:00Z after DST ends on Nov 1).
    expect(focus.rows[0]).toMatchObject({ ChargePeriodStart: "2026-11-01T04:00:00Z", ChargePeriodEnd: "2026-11-02T05:00:00Z", BillingPeriodStart: "2026-11-01T04:00:00Z", BillingPeriodEnd: "2026-12-01T05:00:00Z", ServiceName: "OpenAI prod", ProviderName: "OpenAI", PricingUnit: "1M Tokens", ConsumedUnit: "Tokens" });
    // Tokens per meter add back up to the raw token counts.
    const [raw] = await t.db.$queryRaw<{ input: bigint; cached: bigint; output: bigint }[]>`
      SELECT sum(input_tokens) AS input, sum(cached_input_tokens) AS cached, sum(output_tokens) AS output FROM usage_event
      WHERE org_id = ${orgId} AND cost_usd IS NOT NULL AND (occurred_at AT TIME ZONE ${TZ})::date BETWEEN '2026-11-01' AND '2026-11-20'`;
    const consumed = (meter: string) => focus.rows.filter((r) => r.SkuMeter === meter).reduce((n, r) => n + BigInt(r.ConsumedQuantity), 0n);
    expect(consumed("Input Tokens") + consumed("Cached Input Tokens")).toBe(raw!.input);
    expect(consumed("Cached Input Tokens")).toBe(raw!.cached);
    expect(consumed("Output Tokens") + consumed("Reasoning Tokens")).toBe(raw!.output);
    // The new o4-mini price has its own reasoning rate; the old one bills reasoning as output.
    const reasoning = focus.rows.filter((r) => r.SkuMeter === "Reasoning Tokens");
    expect(reasoning.length).toBeGreaterThan(0);
    expect(new Set(reasoning.map((r) => r.ListUnitPrice))).toEqual(new Set(["7.123457"]));
    // A meter's cost is its tokens at its rate (the rounding remainder goes to one meter per group, within nano-dollars).
    for (const row of focus.rows.filter((r) => r.SkuMeter === "Cached Input Tokens")) {
      const expected = new Decimal(row.ConsumedQuantity).times(row.ListUnitPrice).div(1_000_000);
      expect(new Decimal(row.BilledCost).minus(expected).abs().lte("0.00000005")).toBe(true);
    }
  });

  it("follows the dashboard filters and scope", async () => {
    const filter = { project: projects.Alpha, tag: "team:chat" };
    const scope = await resolveDashboardScope(t.db, engineer, filter, now);
    const [focus, overview] = await Promise.all([buildFocusExport(t.db, scope), getSpendOverview(t.db, scope)]);
    expect(focus.totalBilledCost).toBe(new Decimal(overview.totals.costUsd).toFixed(9));
    expect(new Set(focus.rows.map((r) => r.SubAccountName))).toEqual(new Set(["Alpha"]));
    const mine = await buildFocusExport(t.db, await resolveDashboardScope(t.db, engineer, {}, now));
    expect(mine.rows.every((r) => r.SubAccountId === projects.Alpha)).toBe(true);
  });
});

describe("project membership", () => {
  it("adds and removes members with audit entries, and refuses unknown users and duplicates", async () => {
    const other = await t.db.user.create({ data: { email: "viewer@dash.test", passwordHash: "x" } });
    await expect(addProjectMember(t.db, owner, projects.Beta!, { userId: other.id })).rejects.toMatchObject({ code: "not_found" });
    await t.db.membership.create({ data: { orgId, userId: other.id, role: "viewer" } });
    await addProjectMember(t.db, owner, projects.Beta!, { userId: other.id });
    await expect(addProjectMember(t.db, owner, projects.Beta!, { userId: other.id })).rejects.toMatchObject({ code: "conflict" });
    expect((await listProjectMembers(t.db, owner, projects.Beta!)).map((m) => [m.email, m.role])).toEqual([["viewer@dash.test", "viewer"]]);
    await expect(listProjectMembers(t.db, engineer, projects.Beta!)).rejects.toMatchObject({ code: "not_found" });
    await removeProjectMember(t.db, owner, projects.Beta!, other.id);
    await expect(removeProjectMember(t.db, owner, projects.Beta!, other.id)).rejects.toMatchObject({ code: "not_found" });
    const audit = await t.db.auditLog.findMany({ where: { orgId, entityType: "project" }, orderBy: { createdAt: "asc" }, select: { action: true, entityId: true } });
    expect(audit).toEqual([{ action: "project.member.add", entityId: projects.Beta }, { action: "project.member.remove", entityId: projects.Beta }]);
    expect(engineerId).toBeTruthy();
  });
});
