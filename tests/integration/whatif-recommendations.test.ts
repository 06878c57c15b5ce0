// Recommendations against a ledger written by the ingest path (recordUsageBatch,
// which fills the traffic rollups) and benchmark runs in the shape the runner
// stores: gpt-5-mini's traffic re-priced at gpt-5-nano is exactly the
// hand-computed sum over the raw rows (the prices are whole nano-dollars per
// token, one tokenizer family: nothing to round); a model never benchmarked
// is excluded as unmeasured, never a candidate; a candidate below X% of the
// requested model's pass rate, or over Y% on p95 TTFT, is out, and loosening
// X lets it in; an engineer sees only their project's groups; the floor
// hides small groups and counts them; SCOPE rows name the window against the
// largest observed band. The demo (its synthetic ledger and synthetic
// cloud-model runs) shows a new user at least one recommendation.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { installStarterSuites } from "../../lib/benchmarks/install-starter-suites";
import { DEMO_SYNTHETIC_TRIGGER, seedDemoBenchmarkMeasurements } from "../../lib/demo/seed-demo-benchmark-measurements";
import { seedDemo } from "../../lib/demo/seed-demo";
import { nanoToUsd, usdToNano } from "../../lib/money/nano-usd";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { loadRecommendations, recommendationsQuerySchema } from "../../lib/whatif/io/load-recommendations";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

const MINI = "gpt-5-mini", NANO = "gpt-5-nano", HAIKU = "claude-haiku-4.5", UNBENCHED = "gemini-3-flash";
const now = new Date("2026-11-20T12:30:00Z");
let t: TestDatabase;
let orgId: string, projectA: string, projectB: string;
let owner: Principal, engineer: Principal;
const rows: UsageEventInput[] = [];

// USD per 1M tokens; mini and nano are whole nano-dollars per token.
const PRICES: Record<string, { input: string; cached: string | null; output: string; tier: "economy" | "mid"; vendor: string; window: number }> = {
  [MINI]: { input: "0.25", cached: "0.025", output: "2", tier: "economy", vendor: "openai", window: 128_000 },
  [NANO]: { input: "0.05", cached: "0.005", output: "0.4", tier: "economy", vendor: "openai", window: 4_096 },
  [HAIKU]: { input: "1", cached: "0.1", output: "5", tier: "mid", vendor: "anthropic", window: 200_000 },
  [UNBENCHED]: { input: "0.01", cached: null, output: "0.01", tier: "economy", vendor: "google", window: 1_000_000 },
};
const nanoPerToken = (perMTok: string) => usdToNano(perMTok) / 1_000_000n;
const costOf = (model: string, input: number, cached: number, output: number) => {
  const p = PRICES[model]!;
  return nanoToUsd(BigInt(input - cached) * nanoPerToken(p.input) + BigInt(cached) * nanoPerToken(p.cached ?? p.input) + BigInt(output) * nanoPerToken(p.output));
};

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  orgId = (await t.db.org.create({ data: { name: "Reco Org", slug: "reco-org" } })).id;
  projectA = (await t.db.project.create({ data: { orgId, name: "Support", slug: "support" } })).id;
  projectB = (await t.db.project.create({ data: { orgId, name: "Batch", slug: "batch" } })).id;
  const user = await t.db.user.create({ data: { email: "eng@reco.test", passwordHash: "x" } });
  await t.db.membership.create({ data: { orgId, userId: user.id, role: "engineer" } });
  await t.db.projectMember.create({ data: { projectId: projectB, userId: user.id } });
  owner = { kind: "token", actor: "token:test", userId: null, email: null, orgId, role: "owner" };
  engineer = { kind: "user", actor: `user:${user.id}`, userId: user.id, email: "eng@reco.test", orgId, role: "engineer" };

  const providers = new Map<string, string>();
  for (const [alias, p] of Object.entries(PRICES)) {
    if (!providers.has(p.vendor)) providers.set(p.vendor, (await t.db.provider.create({ data: { orgId, name: p.vendor, kind: "cloud", vendor: p.vendor, baseUrl: "http://127.0.0.1:9/v1" } })).id);
    await t.db.model.create({
      data: {
        orgId, alias, tier: p.tier, contextWindow: p.window, deployments: { create: { providerId: providers.get(p.vendor)!, upstreamModel: alias } },
        prices: { create: { effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: p.input, cachedInputPerMTok: p.cached, outputPerMTok: p.output } },
      },
    });
  }

  // Benchmarks: one suite; mini 8/10, nano 8/10 (keeps 100%), haiku 9/10 but slower; gemini never run.
  const suite = await t.db.benchmarkSuite.create({ data: { orgId, name: "support-qa", definition: { cases: [] }, caseCount: 10 } });
  const addRun = async (model: string, passed: number, ttftMs: number) => {
    const target = await t.db.benchmarkTarget.create({ data: { orgId, modelAlias: model } });
    const run = await t.db.benchmarkRun.create({
      data: { orgId, suiteId: suite.id, targetId: target.id, batchId: `b-${model}`, status: "succeeded", config: {}, suiteSnapshot: {}, definitions: {}, finishedAt: new Date("2026-11-19T00:00:00Z"), summary: { quality: { graded: 10, passed } } },
    });
    await t.db.benchmarkResult.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ runId: run.id, caseId: `c${i}`, sentAt: new Date("2026-11-19T00:00:00Z"), ttftMs: ttftMs + i, outputTokensPerSec: 100 + i, passed: i < passed })) });
  };
  await addRun(MINI, 8, 300);
  await addRun(NANO, 8, 200);
  await addRun(HAIKU, 9, 1000);

  // Traffic over the last two days: project A asks for mini (with cached input), project B for haiku; a tiny group of nano.
  for (let i = 0; i < 60; i++) {
    const occurredAt = new Date(now.getTime() - (2 + (i % 40)) * 3_600_000).toISOString();
    const input = 1_000 + i * 97, cached = i % 3 === 0 ? 400 : 0, output = 100 + i * 13;
    rows.push(usageEvent({ orgId, projectId: projectA, apiKeyId: null, occurredAt, requestedModel: MINI, servedModel: MINI, tier: "economy", inputTokens: input, cachedInputTokens: cached, outputTokens: output, costUsd: costOf(MINI, input, cached, output), ttftMs: 300 }));
  }
  // One large prompt, so the largest observed band is 8k-32k.
  rows.push(usageEvent({ orgId, projectId: projectA, apiKeyId: null, occurredAt: new Date(now.getTime() - 5 * 3_600_000).toISOString(), requestedModel: MINI, servedModel: MINI, tier: "economy", inputTokens: 9_000, outputTokens: 10, costUsd: costOf(MINI, 9_000, 0, 10) }));
  for (let i = 0; i < 20; i++) {
    const occurredAt = new Date(now.getTime() - (3 + i) * 3_600_000).toISOString();
    rows.push(usageEvent({ orgId, projectId: projectB, apiKeyId: null, occurredAt, requestedModel: HAIKU, servedModel: HAIKU, tier: "mid", inputTokens: 2_000, outputTokens: 500, costUsd: costOf(HAIKU, 2_000, 0, 500) }));
  }
  rows.push(usageEvent({ orgId, projectId: projectB, apiKeyId: null, occurredAt: new Date(now.getTime() - 4 * 3_600_000).toISOString(), requestedModel: NANO, servedModel: NANO, tier: "economy", inputTokens: 10, outputTokens: 1, costUsd: costOf(NANO, 10, 0, 1) }));
  // Outside the range: the current, partial hour.
  rows.push(usageEvent({ orgId, projectId: projectA, apiKeyId: null, occurredAt: "2026-11-20T12:10:00.000Z", requestedModel: MINI, servedModel: MINI, tier: "economy", inputTokens: 1_000_000, outputTokens: 0, costUsd: costOf(MINI, 1_000_000, 0, 0) }));
  const { inserted } = await recordUsageBatch(t.db, rows);
  expect(inserted).toBe(rows.length);
});

afterAll(async () => {
  await t?.drop();
});

const query = (over: Record<string, string> = {}) => recommendationsQuerySchema.parse({ range: "7d", minSpendUsd: "0.000001", ...over });
const inRange = (r: UsageEventInput) => Date.parse(r.occurredAt) < Date.parse("2026-11-20T12:00:00Z");

describe("recommendations", () => {
  it("re-prices a project's requested model at each cheaper measured candidate exactly, and excludes the unmeasured", async () => {
    const out = await loadRecommendations(t.db, owner, query(), now);
    expect(out.range).toMatchObject({ key: "7d", days: 7, to: "2026-11-20T12:00:00.000Z" });
    const mini = out.recommendations.find((r) => r.projectId === projectA && r.requestedModel === MINI)!;
    const group = rows.filter((r) => inRange(r) && r.projectId === projectA && r.requestedModel === MINI);
    const baseline = group.reduce((n, r) => n + usdToNano(r.costUsd!), 0n);
    expect(mini).toMatchObject({ projectName: "Support", requests: group.length, unpricedRequests: 0, baselineCostUsd: nanoToUsd(baseline) });
    // At nano, by hand over the raw rows: cached input keeps its rate (one provider), one tokenizer family (ratio 1).
    const atNano = group.reduce((n, r) => n + usdToNano(costOf(NANO, r.inputTokens!, r.cachedInputTokens ?? 0, r.outputTokens!)), 0n);
    expect(mini.candidates.map((c) => c.model)).toEqual([NANO]);
    expect(mini.candidates[0]).toMatchObject({
      simulatedCostUsd: nanoToUsd(atNano), savingUsd: nanoToUsd(baseline - atNano), qualityRetainedPercent: "100.00",
      suites: [expect.objectContaining({ currentPassRate: 0.8, candidatePassRate: 0.8, retainedPercent: "100.00" })],
    });
    expect(Number(mini.candidates[0]!.p95ChangePercent)).toBeLessThan(0);
    const why = Object.fromEntries(mini.excluded.map((e) => [e.model, e.reason]));
    expect(why).toEqual({ [HAIKU]: "over-latency", [UNBENCHED]: "unmeasured-quality" });

    // SCOPE: the requested model and its candidate; nano's 4,096-token window is below the 8k-32k band seen.
    expect(mini.largestInput).toEqual({ band: "8k-32k", atLeast: 8192, below: 32_768, source: "input-size band" });
    expect(mini.scope.map((s) => [s.alias, s.size.fit, s.operational.where, s.cost?.outputPerMTok])).toEqual([[MINI, "fits", "cloud", "2"], [NANO, "does-not-fit", "cloud", "0.4"]]);
    expect(mini.scope[1]!.performance).toMatchObject({ suites: [{ passRate: 0.8, graded: 10 }], medianTokensPerSec: 104.5 });
    expect(mini.scope[1]!.expandability).toEqual({ tools: "unknown", jsonMode: "unknown", images: "unknown" });
  });

  it("keeps quality at X% of the requested model's: nano at 8/10 is under 95% of haiku's 9/10, in at 85%", async () => {
    const strict = (await loadRecommendations(t.db, owner, query(), now)).recommendations.find((r) => r.requestedModel === HAIKU)!;
    expect(strict.candidates).toEqual([]);
    expect(strict.excluded.find((e) => e.model === NANO)).toMatchObject({ reason: "below-quality" });
    const lenient = (await loadRecommendations(t.db, owner, query({ quality: "85" }), now)).recommendations.find((r) => r.requestedModel === HAIKU)!;
    expect(lenient.candidates.map((c) => [c.model, c.qualityRetainedPercent])).toEqual([[NANO, "88.89"], [MINI, "88.89"]]);
    expect(usdToNano(lenient.candidates[0]!.savingUsd)).toBeGreaterThan(usdToNano(lenient.candidates[1]!.savingUsd));
  });

  it("an engineer sees only the groups of their projects; the floor hides small groups and counts them", async () => {
    const mine = await loadRecommendations(t.db, engineer, query(), now);
    expect(new Set(mine.recommendations.map((r) => r.projectId))).toEqual(new Set([projectB]));
    const floored = await loadRecommendations(t.db, owner, query({ minSpendUsd: "0.01" }), now);
    expect(floored.recommendations.map((r) => r.requestedModel).sort()).toEqual([HAIKU, MINI].sort());
    expect(floored.belowFloor).toEqual({ groups: 1, baselineCostUsd: costOf(NANO, 10, 0, 1) });
  });

  it("refuses a query out of range naming the field", () => {
    for (const [field, value] of [["quality", "150"], ["latency", "-1"], ["range", "5d"], ["minSpendUsd", "1e3"]] as const) {
      const parsed = recommendationsQuerySchema.safeParse({ [field]: value });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual([field]);
    }
  });
});

describe("the demo", () => {
  let demo: TestDatabase;
  afterAll(async () => {
    await demo?.drop();
  });

  it("shows a new user recommendations: synthetic cloud-model runs, marked so, over the demo's synthetic traffic", async () => {
    demo = await createTestDatabase(inject("databaseServerUrl"));
    const at = new Date();
    const seeded = await seedDemo(demo.db, { ownerEmail: "demo-owner@reco.test", now: at, days: 31 });
    const principal: Principal = { kind: "token", actor: "system:demo", userId: null, email: null, orgId: seeded.orgId, role: "owner" };
    await installStarterSuites(demo.db, principal);
    const first = await seedDemoBenchmarkMeasurements(demo.db, principal, at);
    expect(first.created).toBeGreaterThanOrEqual(5);
    // Once: a restart adds nothing.
    expect(await seedDemoBenchmarkMeasurements(demo.db, principal, at)).toEqual({ created: 0 });
    const runs = await demo.db.benchmarkRun.findMany({ where: { orgId: seeded.orgId }, select: { trigger: true, status: true, summary: true } });
    expect(runs.every((r) => r.trigger === DEMO_SYNTHETIC_TRIGGER && r.status === "succeeded")).toBe(true);
    // No token counts: token ratios are never "measured" from invented numbers.
    expect(runs.every((r) => Object.keys((r.summary as { tokens: { input: { byCase: object } } }).tokens.input.byCase).length === 0)).toBe(true);

    const out = await loadRecommendations(demo.db, principal, recommendationsQuerySchema.parse({}), at);
    const found = out.recommendations.filter((r) => r.candidates.length > 0);
    expect(found.length).toBeGreaterThanOrEqual(1);
    const best = found[0]!;
    expect(usdToNano(best.candidates[0]!.savingUsd)).toBeGreaterThan(0n);
    expect(Number(best.candidates[0]!.qualityRetainedPercent)).toBeGreaterThanOrEqual(95);
    expect(best.scope.length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
