// What-if scenarios through the management API and a real BullMQ worker,
// against a ledger written by the ingest path (recordUsageBatch): the
// identity scenario costs exactly what the ledger says, to the nano-dollar;
// a 100% re-route equals a hand-written SQL over the raw rows (priced per
// cell at the target's price in effect at the cell's hour, rounded half to
// even once per cell, cells folded over the dimensions no rule reads and
// whole days read by day); bad scenarios are refused with 422 naming the field
// and nothing is saved; roles and project scopes hold; a run that meets bad
// data fails with a message on its row and the worker goes on. A succeeded
// result applied as a routing policy (shadow or enforce) is saved, linked
// and audited, once per result; what it then routes (rows carrying the
// routing record the proxy's own decideRoute/routeRecord give) is compared
// exactly with the other side, by hand.
import type { Worker } from "bullmq";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import Decimal from "decimal.js";
import type { Principal } from "../../lib/auth/principal";
import { disconnectDb } from "../../lib/db";
import { seedDemo } from "../../lib/demo/seed-demo";
import { DEMO_WHATIF_NAME, startDemoWhatIf } from "../../lib/demo/start-demo-whatif";
import { generateSecret } from "../../lib/keys/generate-secret";
import { createLogger, setLogger } from "../../lib/log/logger";
import { nanoToUsd, usdToNano } from "../../lib/money/nano-usd";
import { priceInEffect } from "../../lib/pricing/price-in-effect";
import { priceRequest, type PriceRates } from "../../lib/pricing/price-request";
import { closeQueues, getQueue } from "../../lib/queues/get-queue";
import { QueueName } from "../../lib/queues/queue-names";
import { seededRandom } from "../../lib/random/seeded-random";
import { disconnectRedis } from "../../lib/redis";
import { compilePolicies } from "../../lib/routing/compile-policies";
import { decideRoute } from "../../lib/routing/decide-route";
import { loadRoutingCatalog } from "../../lib/routing/load-routing-catalog";
import { loadRoutingPolicies } from "../../lib/routing/load-routing-policies";
import { routeRecord } from "../../lib/routing/route-record";
import { createRedis } from "../../lib/redis/create-redis";
import type { SimulationDetails } from "../../lib/whatif/io/describe-simulation";
import { readPredictionTrackRecord } from "../../lib/whatif/io/read-prediction-track-record";
import { recordPredictionChecks } from "../../lib/whatif/io/record-prediction-checks";
import { MIN_JUDGED_REQUESTS } from "../../lib/whatif/prediction-error";
import { INPUT_BANDS } from "../../lib/whatif/traffic-profile";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { loadWorkerEnv } from "../../workers/env";
import { registerWorkers } from "../../workers/register-workers";
import { waitFor } from "../support/budget-helpers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";
import { usageEvent } from "../support/usage-fixtures";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string }[] } };
interface ScenarioBody { id: string; name: string; scope: { orgWide: boolean; projectIds: string[] }; results: { id: string; status: string }[] }
interface ResultBody {
  id: string; scenarioId: string; status: string; progress: number; error: string | null;
  baselineCostUsd: string; simulatedCostUsd: string; simulatedLowCostUsd: string; simulatedHighCostUsd: string;
  qualityDelta: string | null; latencyDeltaMs: number | null; details: SimulationDetails;
}

const FROM = "2026-03-01T00:00:00Z";
const TO = "2026-03-04T00:00:00Z";
const PRICE_CHANGE = "2026-03-02T12:00:00Z";
const MINI = "gpt-5-mini", NANO = "gpt-5-nano", HAIKU = "claude-haiku-4.5", MYSTERY = "mystery-model";

// The price book of this org, as the ledger priced it (and the simulator re-prices).
const rates = (input: string, output: string, cached: string | null = null, cacheWrite: string | null = null): PriceRates => ({ inputPerMTok: input, cachedInputPerMTok: cached, cacheWritePerMTok: cacheWrite, outputPerMTok: output, reasoningPerMTok: null });
const PRICES: Record<string, { from: string; rates: PriceRates }[]> = {
  [MINI]: [{ from: "2026-01-01T00:00:00Z", rates: rates("0.25", "2", "0.025") }],
  [NANO]: [{ from: "2026-01-01T00:00:00Z", rates: rates("0.05", "0.4", "0.005") }],
  // Odd decimals, so re-priced cells do not come out in whole nano-dollars; a new version mid-range.
  [HAIKU]: [
    { from: "2026-01-01T00:00:00Z", rates: rates("0.800001", "4.000003", "0.08", "1") },
    { from: PRICE_CHANGE, rates: rates("0.700007", "3.500001", "0.07", "0.875") },
  ],
};

let t: TestDatabase;
let orgId: string, otherOrgId: string, projectA: string, projectB: string;
const tokens: Record<string, string> = {};
let workers: Worker[];
let workerRedis: ReturnType<typeof createRedis>;
let routes: {
  scenarios: { GET: Handler; POST: Handler };
  scenario: { GET: Handler; DELETE: Handler };
  run: { POST: Handler };
  result: { GET: Handler };
  apply: { POST: Handler };
  outcome: { GET: Handler };
  policy: { DELETE: Handler; PATCH: Handler };
};
const ledgerRows: UsageEventInput[] = [];

function costOf(model: string, at: string, usage: { inputTokens: number; cachedInputTokens: number; cacheWriteTokens: number; outputTokens: number; reasoningTokens: number }): string | null {
  const version = priceInEffect(PRICES[model]?.map((p) => ({ effectiveFrom: new Date(p.from), ...p.rates })), new Date(at));
  return version ? priceRequest(usage, version).total : null;
}

/** A ledger row priced as the proxy prices it. */
function row(over: Partial<UsageEventInput> & { occurredAt: string; servedModel: string }): UsageEventInput {
  const usage = { inputTokens: over.inputTokens ?? 0, cachedInputTokens: over.cachedInputTokens ?? 0, cacheWriteTokens: over.cacheWriteTokens ?? 0, outputTokens: over.outputTokens ?? 0, reasoningTokens: over.reasoningTokens ?? 0 };
  const tier = over.servedModel === HAIKU ? "mid" : over.servedModel === MYSTERY ? null : "economy";
  return usageEvent({ orgId, projectId: projectA, apiKeyId: null, requestedModel: over.servedModel, tier, ...usage, costUsd: costOf(over.servedModel, over.occurredAt, usage), ttftMs: null, ...over });
}

function generateLedger(): UsageEventInput[] {
  const random = seededRandom(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const rows: UsageEventInput[] = [];
  const start = Date.parse(FROM);
  for (let i = 0; i < 400; i++) {
    const occurredAt = new Date(start + Math.floor(random() * 72 * 3_600_000)).toISOString();
    const project = pick([projectA, projectA, projectB]);
    const apiKeyId = project === projectA ? pick(["key_a1", "key_a2", null]) : "key_b1";
    const model = pick([MINI, MINI, MINI, NANO, HAIKU, MYSTERY]);
    const endpoint = pick(["/v1/chat/completions", "/v1/chat/completions", "/v1/responses", "/v1/embeddings"]);
    const inputTokens = 1 + Math.floor(random() ** 3 * 40_000);
    const cachedInputTokens = random() < 0.3 ? Math.floor(inputTokens * random() * 0.8) : 0;
    const cacheWriteTokens = model === HAIKU && random() < 0.3 ? Math.floor((inputTokens - cachedInputTokens) * 0.3) : 0;
    const outputTokens = endpoint === "/v1/embeddings" ? 0 : Math.floor(random() * 1500);
    const reasoningTokens = random() < 0.3 ? Math.floor(outputTokens * 0.5) : 0;
    // Mixed case and punctuation, in any order, sometimes repeated: the sets must still group together.
    const tags = ["support", "batch", "EU", "eu", "_internal"].filter(() => random() < 0.3);
    if (tags.length && random() < 0.3) tags.push(tags[0]!);
    rows.push(row({
      occurredAt, projectId: project, apiKeyId, servedModel: model, endpoint, inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens,
      tags: random() < 0.5 ? tags : [...tags].reverse(), latencyMs: 200 + Math.floor(random() * 3000), ttftMs: random() < 0.8 ? 50 + Math.floor(random() * 500) : null,
    }));
  }
  const at = "2026-03-02T08:10:00.000Z";
  rows.push(
    // A fallback: the first attempt failed before any usage, the second was served by nano.
    row({ requestId: "fallback-1", attempt: 0, occurredAt: at, requestedModel: MINI, servedModel: MINI, status: "upstream_error", httpStatus: 502 }),
    row({ requestId: "fallback-1", attempt: 1, occurredAt: at, requestedModel: MINI, servedModel: NANO, tags: ["fallback"], inputTokens: 3000, cachedInputTokens: 1000, outputTokens: 400 }),
    // A cache hit: $0, no tokens.
    row({ occurredAt: at, servedModel: MINI, costUsd: "0", routing: { v: 1, cache: { status: "hit", savedCostUsd: "0.001" } } }),
    // A stream cut part-way: failed, but it carried tokens and cost money.
    row({ occurredAt: at, servedModel: MINI, status: "upstream_error", httpStatus: 502, usageSource: "estimated", inputTokens: 1200, outputTokens: 300 }),
    // 500 input tokens at $0.800001 per 1M: 400,000.5 nano-dollars, a tie that half to even rounds down.
    row({ occurredAt: "2026-03-01T05:00:00.000Z", servedModel: MINI, tags: ["tie"], inputTokens: 500 }),
  );
  return rows;
}

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  const redisUrl = new URL(inject("redisUrl"));
  redisUrl.pathname = `/${TEST_REDIS_DBS.whatIf}`;
  Object.assign(process.env, { DATABASE_URL: t.url, REDIS_URL: redisUrl.toString() });
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);
  workerRedis = createRedis(redisUrl.toString());
  await workerRedis.flushdb();

  orgId = (await t.db.org.create({ data: { name: "What-if Org", slug: "whatif-org" } })).id;
  otherOrgId = (await t.db.org.create({ data: { name: "Other Org", slug: "other-org" } })).id;
  projectA = (await t.db.project.create({ data: { orgId, name: "Support", slug: "support" } })).id;
  projectB = (await t.db.project.create({ data: { orgId, name: "Batch", slug: "batch" } })).id;
  for (const [role, projectIds] of [["owner", []], ["finance", []], ["engineer", [projectA]], ["viewer", [projectA]]] as const) {
    const { secret, hashed, prefix } = generateSecret("tgm");
    await t.db.managementToken.create({ data: { orgId, name: role, role, hashedToken: hashed, prefix, projectIds: [...projectIds] } });
    tokens[role] = secret;
  }
  const openai = await t.db.provider.create({ data: { orgId, name: "openai", kind: "cloud", vendor: "openai", baseUrl: "http://127.0.0.1:9/v1" } });
  const anthropic = await t.db.provider.create({ data: { orgId, name: "anthropic", kind: "cloud", vendor: "anthropic", baseUrl: "http://127.0.0.1:9/v1" } });
  const addModel = async (alias: string, providerId: string, prices: { from: string; rates: PriceRates }[]) =>
    t.db.model.create({
      data: {
        orgId, alias, tier: alias === HAIKU ? "mid" : "economy",
        deployments: { create: { providerId, upstreamModel: alias } },
        prices: { create: prices.map((p) => ({ effectiveFrom: new Date(p.from), inputPerMTok: p.rates.inputPerMTok, outputPerMTok: p.rates.outputPerMTok, cachedInputPerMTok: p.rates.cachedInputPerMTok, cacheWritePerMTok: p.rates.cacheWritePerMTok })) },
      },
    });
  await addModel(MINI, openai.id, PRICES[MINI]!);
  await addModel(NANO, openai.id, PRICES[NANO]!);
  await addModel(HAIKU, anthropic.id, PRICES[HAIKU]!);
  await addModel("unpriced-model", openai.id, []);
  await addModel("later-model", openai.id, [{ from: "2026-03-02T00:00:00Z", rates: rates("0.1", "0.1") }]);

  ledgerRows.push(...generateLedger());
  const outside = [
    row({ occurredAt: "2026-02-28T23:59:59.999Z", servedModel: MINI, inputTokens: 1000, outputTokens: 100 }),
    row({ occurredAt: "2026-03-04T00:00:00.000Z", servedModel: MINI, inputTokens: 1000, outputTokens: 100 }),
    row({ occurredAt: "2026-03-02T00:00:00.000Z", servedModel: MINI, inputTokens: 1000, outputTokens: 100, orgId: otherOrgId }),
  ];
  const { inserted } = await recordUsageBatch(t.db, [...ledgerRows, ...outside]);
  expect(inserted).toBe(ledgerRows.length + outside.length);

  routes = {
    scenarios: await import("../../app/api/manage/v1/whatif/scenarios/route"),
    scenario: await import("../../app/api/manage/v1/whatif/scenarios/[scenarioId]/route"),
    run: await import("../../app/api/manage/v1/whatif/scenarios/[scenarioId]/run/route"),
    result: await import("../../app/api/manage/v1/whatif/results/[resultId]/route"),
    apply: await import("../../app/api/manage/v1/whatif/scenarios/[scenarioId]/apply/route"),
    outcome: await import("../../app/api/manage/v1/whatif/scenarios/[scenarioId]/outcome/route"),
    policy: await import("../../app/api/manage/v1/routing/policies/[policyId]/route"),
  };
  workers = registerWorkers({
    db: t.db, connection: workerRedis, log: createLogger({ name: "test", level: "silent" }),
    env: loadWorkerEnv({ DATABASE_URL: t.url, REDIS_URL: redisUrl.toString() }),
  });
});

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.close()));
  await closeQueues();
  workerRedis?.disconnect();
  disconnectRedis();
  await disconnectDb();
  await t?.drop();
});

function call(handler: Handler, path: string, init: { body?: unknown; method?: string; role?: string; params?: Record<string, string> } = {}) {
  const req = new NextRequest(`http://localhost:3000/api/manage/v1${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${tokens[init.role ?? "owner"]}`, "content-type": "application/json", host: "localhost:3000" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return handler(req, { params: Promise.resolve(init.params ?? {}) });
}

const create = (body: unknown, role = "owner") => call(routes.scenarios.POST, "/whatif/scenarios", { method: "POST", body, role });
const startRun = (scenarioId: string, role = "owner") => call(routes.run.POST, `/whatif/scenarios/${scenarioId}/run`, { method: "POST", role, params: { scenarioId } });
const readResult = (resultId: string, role = "owner") => call(routes.result.GET, `/whatif/results/${resultId}`, { role, params: { resultId } });

async function created(body: unknown, role = "owner"): Promise<ScenarioBody> {
  const res = await create(body, role);
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return ((await res.json()) as { data: ScenarioBody }).data;
}

/** Creates and runs a scenario, and waits for the worker to finish it. */
async function runToEnd(body: unknown, role = "owner"): Promise<ResultBody> {
  const scenario = await created(body, role);
  const res = await startRun(scenario.id, role);
  expect(res.status).toBe(201);
  const { resultId } = ((await res.json()) as { data: { resultId: string } }).data;
  return resultOf(resultId, role);
}

async function resultOf(resultId: string, role = "owner"): Promise<ResultBody> {
  let result = {} as ResultBody;
  await waitFor(async () => {
    result = ((await (await readResult(resultId, role)).json()) as { data: ResultBody }).data;
    return result.status === "succeeded" || result.status === "failed";
  }, 30_000, `what-if result ${resultId}`);
  return result;
}

const scenarioBody = (rules: unknown[], over: Record<string, unknown> = {}) => ({ name: "Scenario", range: { from: FROM, to: TO }, rules, ...over });

async function ledgerNano(projectIds?: string[]): Promise<bigint> {
  const rows = await t.db.$queryRawUnsafe<{ total: string }[]>(
    `SELECT coalesce(sum(cost_usd), 0)::text AS total FROM usage_event WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ${projectIds ? "AND project_id = ANY($4)" : ""}`,
    orgId, new Date(FROM), new Date(TO), ...(projectIds ? [projectIds] : []),
  );
  return usdToNano(rows[0]!.total);
}

/**
 * The hand-written check: group the raw priced rows into the simulator's cells, price every cell of
 * requested gpt-5-mini not already served by the target at the target's price at the cell's hour
 * (the SQL expression `price`), keep the ledger's cost for the rest, round each cell half to even.
 */
async function handWrittenNano(target: string, price: string): Promise<bigint> {
  const rows = await t.db.$queryRawUnsafe<{ total: string }[]>(`
    WITH raw AS (
      SELECT date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AS hour, project_id, api_key_id, requested_model, served_model, tier, endpoint,
        width_bucket(input_tokens, ARRAY[512, 2048, 8192, 32768]) AS band,
        (SELECT string_agg(DISTINCT tg, ',' ORDER BY tg) FROM unnest(tags) AS tg) AS tag_set,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, cost_usd
      FROM usage_event
      WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND cost_usd IS NOT NULL
    ), cells AS (
      SELECT CASE WHEN date_trunc('day', hour) = date_trunc('day', '${PRICE_CHANGE}'::timestamptz AT TIME ZONE 'UTC') THEN hour ELSE date_trunc('day', hour) END AS span,
        requested_model, served_model, sum(input_tokens) AS input, sum(cached_input_tokens) AS cached,
        sum(cache_write_tokens) AS cache_write, sum(output_tokens) AS output, sum(cost_usd) AS ledger
      -- The cells of a scenario whose rules read only the requested model: key, endpoint, band and tags folded (fold-dimensions.ts),
      -- whole UTC days (the org's zone) as one cell except the day a price version starts inside (plan-traffic-spans.ts).
      FROM raw GROUP BY span, project_id, requested_model, served_model, tier
    ), exact AS (
      SELECT CASE WHEN requested_model = 'gpt-5-mini' AND served_model <> $4 THEN (${price}) * 1000 ELSE ledger * 1000000000 END AS nano FROM cells
    )
    SELECT coalesce(sum(CASE WHEN nano - floor(nano) > 0.5 OR (nano - floor(nano) = 0.5 AND mod(floor(nano), 2) = 1) THEN floor(nano) + 1 ELSE floor(nano) END), 0)::text AS total
    FROM exact`, orgId, new Date(FROM), new Date(TO), target);
  return BigInt(rows[0]!.total);
}

describe("what-if runs against the ledger", () => {
  it("the identity scenario costs exactly the ledger, baseline and simulated, to the nano-dollar", async () => {
    const result = await runToEnd(scenarioBody([
      { name: "the fallback stays on nano", match: { tags: ["fallback"] }, sharePercent: 100, target: { model: NANO } },
      { match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: MINI } },
      { match: { requestedModels: [NANO] }, sharePercent: 100, target: { model: NANO } },
      { match: { requestedModels: [HAIKU] }, sharePercent: 100, target: { model: HAIKU } },
    ], { adjustments: { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: true } }));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    const ledger = await ledgerNano();
    expect(ledger).toBeGreaterThan(0n);
    expect(usdToNano(result.baselineCostUsd)).toBe(ledger);
    expect(usdToNano(result.simulatedCostUsd)).toBe(ledger);
    expect([result.simulatedLowCostUsd, result.simulatedHighCostUsd]).toEqual([result.baselineCostUsd, result.baselineCostUsd]);
    expect(result.details.cost.totals).toMatchObject({ baselineNano: ledger.toString(), simulatedNano: ledger.toString(), movedRequests: 0 });
    expect(result.qualityDelta).toBe("0.0000");
    expect(result.progress).toBe(100);
    // The rows outside the range and the other org's are not read; the cache hit and the failure without usage are counted apart.
    const inRange = ledgerRows.length;
    const unpriced = ledgerRows.filter((r) => r.costUsd === null).length;
    expect(result.details.traffic.notRerouted).toEqual({ cacheHits: 1, failedWithoutUsage: 1 });
    expect(result.details.cost.totals.requests + result.details.cost.totals.unpricedRequests).toBe(inRange - 2);
    expect(result.details.cost.totals.unpricedRequests).toBe(unpriced);
    expect(unpriced).toBeGreaterThan(0);
    // The BullMQ job reported its progress too.
    const job = await getQueue(QueueName.WhatIfRun, workerRedis).getJob(`whatif-${result.id}`);
    expect(job?.progress).toBe(100);
  });

  it("a 100% re-route to another provider's model equals the hand-written SQL over the raw rows", async () => {
    // Ratios off, cached input not carried to another provider: every input token at the input rate, output (reasoning too) at the output rate.
    const result = await runToEnd(scenarioBody([{ match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: HAIKU } }], {
      adjustments: { tokenizerRatio: false, outputLengthRatio: false, carryCachedInput: false },
    }));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    const expected = await handWrittenNano(HAIKU, `
      CASE WHEN span >= '${PRICE_CHANGE}'::timestamptz AT TIME ZONE 'UTC'
        THEN input * 0.700007 + output * 3.500001
        ELSE input * 0.800001 + output * 4.000003 END`);
    expect(usdToNano(result.simulatedCostUsd)).toBe(expected);
    expect(result.details.cost.totals.simulatedNano).toBe(expected.toString());
    expect(usdToNano(result.baselineCostUsd)).toBe(await ledgerNano());
    expect(usdToNano(result.simulatedCostUsd)).not.toBe(usdToNano(result.baselineCostUsd));
    // Both price versions of the target were used, each named.
    expect(result.details.cost.priceVersions.map((v) => [v.model, v.effectiveFrom])).toEqual([[HAIKU, "2026-01-01T00:00:00.000Z"], [HAIKU, "2026-03-02T12:00:00.000Z"]]);
  });

  it("a 100% re-route within one provider carries cached input at the target's cached rate", async () => {
    // gpt-5-mini -> gpt-5-nano: one tokenizer family (ratio exactly 1), one provider (cached input keeps its own rate).
    const result = await runToEnd(scenarioBody([{ match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } }]));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    const expected = await handWrittenNano(NANO, "(input - cached - cache_write) * 0.05 + cached * 0.005 + cache_write * 0.05 + output * 0.4");
    expect(usdToNano(result.simulatedCostUsd)).toBe(expected);
    expect(result.details.cost.ratios.map((r) => [r.source, r.target, r.carriedCache, r.ratios.input.point])).toEqual([[MINI, NANO, true, "1"]]);
  });
});

describe("measured quality and latency", () => {
  it("come from the latest completed benchmark run of each suite and model, named in the result", async () => {
    const suite = await t.db.benchmarkSuite.create({ data: { orgId, name: "support-qa", definition: { cases: [] }, caseCount: 10 } });
    const caseIds = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const addRun = async (model: string, status: "succeeded" | "failed", passed: number, finishedAt: string, withTokens: boolean, ttftMs: number, tokensPerSec: number) => {
      const target = await t.db.benchmarkTarget.upsert({ where: { orgId_modelAlias: { orgId, modelAlias: model } }, create: { orgId, modelAlias: model }, update: {}, select: { id: true } });
      const tokens = (n: number) => ({ byCase: withTokens ? Object.fromEntries(caseIds.map((c, i) => [c, n + i])) : {} });
      const run = await t.db.benchmarkRun.create({
        data: {
          orgId, suiteId: suite.id, targetId: target.id, batchId: `batch-${model}-${finishedAt}`, status, config: {}, suiteSnapshot: {}, definitions: {}, finishedAt: new Date(finishedAt),
          summary: { quality: { graded: 10, passed }, tokens: { input: tokens(100), output: tokens(model === HAIKU ? 80 : 50) } },
        },
      });
      await t.db.benchmarkResult.createMany({ data: caseIds.map((caseId, i) => ({ runId: run.id, caseId, sentAt: new Date(finishedAt), ttftMs: ttftMs + i, outputTokensPerSec: tokensPerSec, passed: i < passed })) });
      return run.id;
    };
    const mini = await addRun(MINI, "succeeded", 8, "2026-03-05T00:00:00Z", true, 200, 100);
    const nano = await addRun(NANO, "succeeded", 6, "2026-03-05T00:00:00Z", false, 150, 150);
    await addRun(HAIKU, "succeeded", 5, "2026-03-01T00:00:00Z", true, 900, 40);
    const haiku = await addRun(HAIKU, "succeeded", 9, "2026-03-06T00:00:00Z", true, 400, 80);
    await addRun(HAIKU, "failed", 0, "2026-03-07T00:00:00Z", true, 5000, 1);

    const result = await runToEnd(scenarioBody([{ match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: HAIKU }, suiteId: suite.id }]));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    expect(result.details.inputs.runs.map((r) => r.runId).sort()).toEqual([mini, nano, haiku].sort());
    // Before: the traffic-weighted pass rate of the models that served gpt-5-mini's requests (mini itself, and nano for the fallback).
    const served = ledgerRows.filter((r) => r.requestedModel === MINI && (r.inputTokens ?? 0) + (r.outputTokens ?? 0) > 0);
    const onNano = served.filter((r) => r.servedModel === NANO).length;
    expect(onNano).toBe(1);
    const before = ((served.length - onNano) * 0.8 + onNano * 0.6) / served.length;
    const overall = result.details.quality.overall;
    if (overall.status !== "measured") throw new Error(`quality is ${overall.status}`);
    expect(overall.before.passRate).toBeCloseTo(before, 12);
    expect(overall.after.passRate).toBeCloseTo(0.9, 12);
    expect(result.qualityDelta).toBe((0.9 - before).toFixed(4));
    // Latency: every model measured, so both sides are simulated and the p95 change is a number.
    expect(result.details.latency.overall.unmeasuredModels).toEqual([]);
    expect(result.latencyDeltaMs).toEqual(expect.any(Number));
    // Token ratios measured from the runs' per-case counts (nano's run reported none).
    expect(result.details.inputs.ratioPairs).toEqual(expect.arrayContaining([{ sourceModel: MINI, targetModel: HAIKU, suiteId: suite.id }]));
    const used = result.details.cost.ratios.find((r) => r.source === MINI && r.target === HAIKU);
    expect(used?.ratios.outputSource).toMatchObject({ kind: "measured", suiteId: suite.id, sourceRunIds: [mini], targetRunIds: [haiku] });

    // SCOPE: the rule's serving models (mini, then nano for the fallback row) against its target, with the same measurements.
    const [scope] = result.details.scope!;
    expect(scope).toMatchObject({ rule: 0, sources: [MINI, NANO], targets: [HAIKU] });
    expect(scope!.rows.map((r) => r.alias)).toEqual([MINI, NANO, HAIKU]);
    const haikuRow = scope!.rows.find((r) => r.alias === HAIKU)!;
    expect(haikuRow.performance.suites).toEqual([{ suiteId: suite.id, passRate: 0.9, graded: 10 }]);
    expect(haikuRow.performance.medianTokensPerSec).toBe(80);
    expect(scope!.rows.find((r) => r.alias === NANO)!.performance.suites[0]!.passRate).toBeCloseTo(0.6, 12);
    // Size: the largest input the two serving models served in the range (whole UTC days, a UTC org), as its band.
    const [{ largest }] = await t.db.$queryRawUnsafe<[{ largest: number }]>(
      `SELECT max(input_tokens)::int AS largest FROM usage_event WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND served_model = ANY($4)`,
      orgId, new Date(FROM), new Date(TO), [MINI, NANO]);
    const band = INPUT_BANDS.find((b) => largest >= b.min && (b.max === null || largest < b.max))!;
    expect(scope!.largestInput).toMatchObject({ band: band.id, atLeast: band.min, below: band.max });
  });
});

describe("bad scenarios are refused with 422 naming the rule and field, and nothing is saved", () => {
  const counts = async () => [await t.db.scenario.count({ where: { orgId } }), await t.db.auditLog.count({ where: { orgId, entityType: "scenario" } })];

  async function refused(body: unknown) {
    const before = await counts();
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(await counts()).toEqual(before);
    return ((await res.json()) as ErrorBody).error;
  }

  it("an unknown model", async () => {
    const error = await refused(scenarioBody([{ sharePercent: 100, target: { model: MINI } }, { sharePercent: 50, target: { model: "gpt-9-ultra" } }]));
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe('rules.1.target.model: unknown model "gpt-9-ultra": not in the organisation\'s catalog');
    expect(error.details).toEqual([{ field: "rules.1.target.model", message: expect.stringContaining("gpt-9-ultra") }]);
  });

  it("a share outside 0-100", async () => {
    for (const share of [101, -1, 12.5]) {
      const error = await refused(scenarioBody([{ sharePercent: share, target: { model: NANO } }]));
      expect(error.message).toBe("rules.0.sharePercent: must be a whole percent from 0 to 100");
    }
  });

  it("an empty or too long range", async () => {
    expect((await refused(scenarioBody([{ sharePercent: 10, target: { model: NANO } }], { range: { from: FROM, to: FROM } }))).message).toBe("range.to: must be after range.from (the range is empty)");
    expect((await refused(scenarioBody([{ sharePercent: 10, target: { model: NANO } }], { range: { from: FROM, to: "2026-06-15T00:00:00Z" } }))).message).toBe("range.to: the range is longer than 92 days");
  });

  it("a target without a price, or without one from the start of the range", async () => {
    const none = await refused(scenarioBody([{ sharePercent: 10, target: { model: "unpriced-model" } }]));
    expect(none.message).toMatch(/^rules\.0\.target\.model: model "unpriced-model" has no price in effect from 2026-03-01T00:00:00.000Z/);
    const later = await refused(scenarioBody([{ match: { tiers: ["mid"] }, sharePercent: 10, target: { model: NANO } }, { sharePercent: 10, target: { model: "later-model" } }]));
    expect(later.details).toEqual([{ field: "rules.1.target.model", message: expect.stringContaining("no price in effect") }]);
  });

  it("an unknown suite", async () => {
    const error = await refused(scenarioBody([{ sharePercent: 10, target: { cheapestWhere: { suiteId: "no-such-suite", minPassRate: 0.8, maxP95TtftMs: 1000 } } }]));
    expect(error.message).toBe('rules.0.target.cheapestWhere.suiteId: unknown benchmark suite "no-such-suite"');
  });
});

describe("roles and scopes", () => {
  it("finance creates and runs; viewers read but cannot create, run or delete", async () => {
    const body = scenarioBody([{ sharePercent: 50, target: { model: NANO } }], { name: "Finance plan" });
    const scenario = await created(body, "finance");
    expect(scenario.scope).toEqual({ orgWide: true, projectIds: [] });
    expect((await create(body, "viewer")).status).toBe(403);
    expect((await startRun(scenario.id, "viewer")).status).toBe(403);
    expect((await call(routes.scenario.DELETE, `/whatif/scenarios/${scenario.id}`, { method: "DELETE", role: "viewer", params: { scenarioId: scenario.id } })).status).toBe(403);
    const run = await startRun(scenario.id, "finance");
    expect(run.status).toBe(201);
    const { resultId } = ((await run.json()) as { data: { resultId: string } }).data;
    expect((await resultOf(resultId, "finance")).status).toBe("succeeded");
    const audit = await t.db.auditLog.findMany({ where: { orgId, entityType: "scenario", entityId: scenario.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actor.startsWith("token:")])).toEqual([["scenario.create", true], ["scenario.run", true]]);
  });

  it("an engineer's scenario reads only the engineer's projects; confined roles do not see org-wide scenarios", async () => {
    const orgWide = await created(scenarioBody([{ sharePercent: 10, target: { model: NANO } }], { name: "Org-wide" }));
    const result = await runToEnd(scenarioBody([{ sharePercent: 100, target: { model: MINI } }], { name: "Engineer plan" }), "engineer");
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    expect(usdToNano(result.baselineCostUsd)).toBe(await ledgerNano([projectA]));
    expect(await ledgerNano([projectA])).toBeLessThan(await ledgerNano());
    expect(result.details.cost.byProject.map((p) => p.key)).toEqual([projectA]);

    const get = (id: string, role: string) => call(routes.scenario.GET, `/whatif/scenarios/${id}`, { role, params: { scenarioId: id } });
    expect((await get(orgWide.id, "engineer")).status).toBe(404);
    expect((await get(orgWide.id, "viewer")).status).toBe(404);
    expect((await readResult(result.id, "viewer")).status).toBe(200);
    const listed = async (role: string) => (((await (await call(routes.scenarios.GET, "/whatif/scenarios", { role })).json()) as { data: ScenarioBody[] }).data).map((s) => s.name);
    expect(await listed("viewer")).toEqual(["Engineer plan"]);
    expect(await listed("owner")).toEqual(expect.arrayContaining(["Engineer plan", "Org-wide"]));
    const detail = ((await (await get(result.scenarioId, "viewer")).json()) as { data: ScenarioBody }).data;
    expect(detail.scope).toEqual({ orgWide: false, projectIds: [projectA] });
    expect(detail.results.map((r) => [r.id, r.status])).toEqual([[result.id, "succeeded"]]);
  });

  it("deleting a scenario removes its results, audited", async () => {
    const result = await runToEnd(scenarioBody([{ sharePercent: 10, target: { model: NANO } }], { name: "Short-lived" }));
    const res = await call(routes.scenario.DELETE, `/whatif/scenarios/${result.scenarioId}`, { method: "DELETE", params: { scenarioId: result.scenarioId } });
    expect(res.status).toBe(200);
    expect(await t.db.scenarioResult.count({ where: { id: result.id } })).toBe(0);
    expect((await readResult(result.id)).status).toBe(404);
    expect(await t.db.auditLog.count({ where: { orgId, action: "scenario.delete", entityId: result.scenarioId } })).toBe(1);
  });
});

describe("runs that fail", () => {
  it("record the failure on the result row with a message, and the worker goes on", async () => {
    // A ledger row the simulator refuses (more cached than input tokens), alone in its range.
    const bad = row({ occurredAt: "2026-04-10T10:00:00.000Z", servedModel: MINI, inputTokens: 100, cachedInputTokens: 500, outputTokens: 10, costUsd: "0.000010000" });
    await recordUsageBatch(t.db, [bad]);
    const failed = await runToEnd(scenarioBody([{ sharePercent: 100, target: { model: NANO } }], { name: "Bad data", range: { from: "2026-04-10T00:00:00Z", to: "2026-04-11T00:00:00Z" } }));
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^traffic cell 0: cachedInputTokens and cacheWriteTokens exceed inputTokens/);
    expect(failed.baselineCostUsd).toBeNull();

    // A scenario stored in the old shape (before this slice): the job says so.
    const old = await t.db.scenario.create({ data: { orgId, name: "Old shape", rules: [{ match: {}, routeTo: NANO, share: 50 }], rangeStart: new Date(FROM), rangeEnd: new Date(TO) } });
    expect((await startRun(old.id)).status).toBe(409);
    const queuedByHand = await t.db.scenarioResult.create({ data: { scenarioId: old.id } });
    await getQueue(QueueName.WhatIfRun, workerRedis).add(QueueName.WhatIfRun, { resultId: queuedByHand.id }, { jobId: `whatif-${queuedByHand.id}` });
    const oldResult = await resultOf(queuedByHand.id);
    expect(oldResult.status).toBe("failed");
    expect(oldResult.error).toMatch(/^scenario: the stored scenario is not valid \(.+\); create it again$/);

    // A range without traffic is no failure: nothing cost anything.
    const empty = await runToEnd(scenarioBody([{ sharePercent: 100, target: { model: NANO } }], { name: "Quiet week", range: { from: "2026-05-01T00:00:00Z", to: "2026-05-08T00:00:00Z" } }));
    expect([empty.status, empty.baselineCostUsd, empty.simulatedCostUsd, empty.latencyDeltaMs]).toEqual(["succeeded", "0.000000000", "0.000000000", null]);

    // The worker is still there: the next run succeeds.
    const next = await runToEnd(scenarioBody([{ sharePercent: 100, target: { model: NANO } }], { name: "After the failures" }));
    expect(next.status).toBe("succeeded");
  });
});

describe("applying a result as a routing policy", () => {
  interface Applied { policyId: string; policyName: string; mode: string; projectId: string | null; priority: number; rules: number; scenarioId: string; resultId: string; warnings: { rule: number | null; kind: string; message: string }[] }
  interface Side { requests: number; attempts: number; unpricedAttempts: number; unpredictedAttempts: number; actualCostUsd: string; otherCostUsd: string; savingUsd: string; savingPercent: string | null }
  interface PolicyOutcome { policyId: string; mode: string; appliedAt: string; resultId: string; window: { from: string; to: string }; enforced: Side; shadowed: Side; scenarioPrediction: { baselineCostUsd: string; simulatedCostUsd: string; savingUsd: string; savingPercent: string | null } | null }

  const apply = (scenarioId: string, body: unknown, role = "owner") => call(routes.apply.POST, `/whatif/scenarios/${scenarioId}/apply`, { method: "POST", body, role, params: { scenarioId } });
  async function applied(scenarioId: string, body: unknown, role = "owner"): Promise<Applied> {
    const res = await apply(scenarioId, body, role);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    return ((await res.json()) as { data: Applied }).data;
  }
  async function outcomeOf(scenarioId: string, role = "owner"): Promise<PolicyOutcome[]> {
    const res = await call(routes.outcome.GET, `/whatif/scenarios/${scenarioId}/outcome`, { role, params: { scenarioId } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { policies: PolicyOutcome[] } }).data.policies;
  }
  const RATIOS_OFF = { adjustments: { tokenizerRatio: false, outputLengthRatio: false, carryCachedInput: false } };

  /** Ledger rows of one request as the proxy writes them: routed by the given stored policies, each attempt's routing record from routeRecord. */
  async function proxied(policyIds: string[], requests: { model: string; user?: string; occurredAt?: string; attempts: Partial<UsageEventInput>[] }[]): Promise<UsageEventInput[]> {
    const policies = (await loadRoutingPolicies(t.db, orgId)).filter((p) => policyIds.includes(p.id));
    const compiled = compilePolicies(policies, await loadRoutingCatalog(t.db, orgId));
    expect(compiled.problems).toEqual([]);
    const rows = requests.flatMap((r, k) => {
      const requestId = `proxied-${Date.now()}-${k}-${Math.random().toString(36).slice(2)}`;
      const decision = decideRoute(compiled, {
        requestId, projectId: projectA, apiKeyId: "key_a1", tags: [], model: r.model, endpoint: "chat.completions", estimatedInputTokens: 100,
        requestedOutputTokens: null, needs: { tools: false, images: false, jsonMode: false }, stream: false, user: r.user ?? null, sessionId: null, complexity: "simple",
      });
      return r.attempts.map((a, i) => row({
        requestId, attempt: i, occurredAt: r.occurredAt ?? new Date().toISOString(), requestedModel: r.model, apiKeyId: "key_a1",
        servedModel: decision.enforced.candidates[i] ?? r.model, ...a,
        routing: routeRecord(decision.enforced, { index: i, role: i === 0 ? "primary" : "fallback" }, decision.shadow) as unknown as Record<string, unknown>,
      }));
    });
    const { inserted } = await recordUsageBatch(t.db, rows);
    expect(inserted).toBe(rows.length);
    return rows;
  }

  /** The hand computation: each row's tokens at `model`'s price (cached input kept only within one provider), or its own cost when already there. */
  function otherNano(r: UsageEventInput, model: string): bigint {
    if (model === r.servedModel) return usdToNano(r.costUsd!);
    const sameProvider = [MINI, NANO].includes(model) && [MINI, NANO].includes(r.servedModel);
    const usage = { inputTokens: r.inputTokens ?? 0, cachedInputTokens: sameProvider ? r.cachedInputTokens ?? 0 : 0, cacheWriteTokens: sameProvider ? r.cacheWriteTokens ?? 0 : 0, outputTokens: r.outputTokens ?? 0, reasoningTokens: r.reasoningTokens ?? 0 };
    return usdToNano(costOf(model, r.occurredAt, usage)!);
  }
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const shadowModelOf = (rows: UsageEventInput[], policyId: string, requestId: string) =>
    ((rows.find((r) => r.requestId === requestId && r.attempt === 0)!.routing as { shadow?: { policyId: string; model: string }[] }).shadow ?? []).find((s) => s.policyId === policyId)?.model;

  it("in shadow mode: a policy linked to its scenario and result, audited; the outcome compares its requests exactly with the same requests at its targets", async () => {
    const result = await runToEnd(scenarioBody([
      { name: "mini to nano", match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } },
      { name: "half of haiku to nano", match: { requestedModels: [HAIKU] }, sharePercent: 50, target: { model: NANO } },
    ], { name: "Apply me", ...RATIOS_OFF }));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    const shadow = await applied(result.scenarioId, { resultId: result.id, mode: "shadow" });
    expect(shadow).toMatchObject({ mode: "shadow", policyName: "What-if: Apply me", projectId: null, priority: 0, rules: 2, scenarioId: result.scenarioId, resultId: result.id, warnings: [] });

    const stored = await t.db.routingPolicy.findUniqueOrThrow({ where: { id: shadow.policyId } });
    expect(stored).toMatchObject({ mode: "shadow", enabled: true, sourceScenarioId: result.scenarioId, sourceResultId: result.id });
    expect(stored.rules).toEqual([
      { id: "rule-1", description: "mini to nano", match: { models: [MINI] }, action: { kind: "route", model: NANO } },
      { id: "rule-2.1", description: "half of haiku to nano", match: { models: [HAIKU] }, action: { kind: "split", stickyBy: "user", targets: [{ model: NANO, percent: 50 }, { model: HAIKU, percent: 50 }] } },
    ]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { orgId, action: "routing_policy.create", entityId: shadow.policyId } });
    expect(audit.after).toMatchObject({ mode: "shadow", sourceScenarioId: result.scenarioId, sourceResultId: result.id });

    // Traffic after the apply: shadow never changes where a request goes, so each is served by what it asked for.
    const k = (n: number) => n * 1000; // whole thousands of tokens: every price here gives whole nano-dollars, so group and row sums agree exactly
    const rows = await proxied([shadow.policyId], [
      { model: MINI, attempts: [{ inputTokens: k(12), cachedInputTokens: k(4), outputTokens: k(3) }] },
      { model: MINI, attempts: [{ inputTokens: k(7), outputTokens: k(1) }] },
      // A fallback: attempt 0 failed without usage, attempt 1 served by nano; the shadow decision is on attempt 0.
      { model: MINI, attempts: [{ status: "upstream_error", httpStatus: 502 }, { servedModel: NANO, inputTokens: k(2), outputTokens: k(2) }] },
      // Unpriced: counted, left out of both sides.
      { model: MINI, attempts: [{ inputTokens: k(5), outputTokens: k(1), costUsd: null }] },
      ...Array.from({ length: 12 }, (_, i) => ({ model: HAIKU, user: `user-${i}`, attempts: [{ inputTokens: k(3 + i), cachedInputTokens: k(1), outputTokens: k(1 + (i % 3)) }] })),
      // Not matched by the policy: no shadow decision.
      { model: NANO, attempts: [{ inputTokens: k(9), outputTokens: k(9) }] },
    ]);
    // Before the apply: never counted, whatever it carries.
    await proxied([shadow.policyId], [{ model: MINI, occurredAt: new Date(stored.createdAt.getTime() - 3_600_000).toISOString(), attempts: [{ inputTokens: k(100), outputTokens: k(100) }] }]);

    const decided = [...new Set(rows.filter((r) => shadowModelOf(rows, shadow.policyId, r.requestId!) !== undefined).map((r) => r.requestId!))];
    const haikuModels = decided.map((id) => rows.find((r) => r.requestId === id)!).filter((r) => r.requestedModel === HAIKU).map((r) => shadowModelOf(rows, shadow.policyId, r.requestId!));
    expect(new Set(haikuModels)).toEqual(new Set([NANO, HAIKU])); // both sides of the split were drawn
    const counted = rows.filter((r) => decided.includes(r.requestId!));
    const priced = counted.filter((r) => r.costUsd !== null);
    const actual = sum(priced.map((r) => usdToNano(r.costUsd!)));
    const other = sum(priced.map((r) => otherNano(r, shadowModelOf(rows, shadow.policyId, r.requestId!)!)));
    expect(actual).toBeGreaterThan(other);

    const [outcome, ...none] = await outcomeOf(result.scenarioId);
    expect(none).toEqual([]);
    expect(outcome).toMatchObject({ policyId: shadow.policyId, mode: "shadow", resultId: result.id, appliedAt: stored.createdAt.toISOString(), window: { from: stored.createdAt.toISOString() } });
    expect(outcome!.shadowed).toEqual({
      requests: 4 + 12, attempts: 5 + 12, unpricedAttempts: 1, unpredictedAttempts: 0,
      actualCostUsd: nanoToUsd(actual), otherCostUsd: nanoToUsd(other), savingUsd: nanoToUsd(actual - other),
      savingPercent: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    expect(outcome!.enforced).toMatchObject({ requests: 0, attempts: 0, actualCostUsd: "0.000000000", savingPercent: null });
    expect(outcome!.scenarioPrediction).toEqual({
      baselineCostUsd: result.baselineCostUsd, simulatedCostUsd: result.simulatedCostUsd,
      savingUsd: nanoToUsd(usdToNano(result.baselineCostUsd) - usdToNano(result.simulatedCostUsd)), savingPercent: expect.any(String),
    });

    // A second result of the same scenario, enforced after the shadow policy: it routes mini to nano, and the outcome is the realised saving.
    const second = await startRun(result.scenarioId);
    const again = await resultOf(((await second.json()) as { data: { resultId: string } }).data.resultId);
    const enforce = await applied(result.scenarioId, { resultId: again.id, mode: "enforce", priority: 10 });
    expect(enforce).toMatchObject({ mode: "enforce", priority: 10 });
    const routed = await proxied([shadow.policyId, enforce.policyId], [
      { model: MINI, attempts: [{ inputTokens: k(20), cachedInputTokens: k(5), outputTokens: k(4) }] },
      { model: MINI, attempts: [{ inputTokens: k(1), outputTokens: k(6) }] },
    ]);
    expect(routed.map((r) => [r.servedModel, (r.routing as { policyId: string }).policyId])).toEqual([[NANO, enforce.policyId], [NANO, enforce.policyId]]);
    const byPolicy = new Map((await outcomeOf(result.scenarioId)).map((o) => [o.policyId, o]));
    const realisedActual = sum(routed.map((r) => usdToNano(r.costUsd!)));
    const withoutPolicy = sum(routed.map((r) => otherNano(r, MINI)));
    expect(byPolicy.get(enforce.policyId)!.enforced).toEqual({
      requests: 2, attempts: 2, unpricedAttempts: 0, unpredictedAttempts: 0,
      actualCostUsd: nanoToUsd(realisedActual), otherCostUsd: nanoToUsd(withoutPolicy), savingUsd: nanoToUsd(withoutPolicy - realisedActual),
      savingPercent: expect.any(String),
    });
    // The shadow policy, reached first, recorded the same move: served where it would have sent them, so it predicts no further saving on them.
    expect(byPolicy.get(shadow.policyId)!.shadowed).toMatchObject({ requests: 16 + 2, actualCostUsd: nanoToUsd(actual + realisedActual), otherCostUsd: nanoToUsd(other + realisedActual) });
  });

  it("keeps the prediction error of an applied result: one check per policy, side and day, and the org's track record from them", async () => {
    const result = await runToEnd(scenarioBody([{ name: "nano for mini", match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } }], { name: "Judge me", ...RATIOS_OFF }));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    const shadow = await applied(result.scenarioId, { resultId: result.id, mode: "shadow" });
    const k = (n: number) => n * 1000;
    await proxied([shadow.policyId], Array.from({ length: MIN_JUDGED_REQUESTS }, (_, i) => ({ model: MINI, attempts: [{ inputTokens: k(2 + (i % 5)), outputTokens: k(1 + (i % 3)) }] })));

    const first = new Date();
    await recordPredictionChecks(t.db, first);
    const outcome = (await outcomeOf(result.scenarioId)).find((o) => o.policyId === shadow.policyId)!;
    const kept = await t.db.predictionCheck.findMany({ where: { policyId: shadow.policyId } });
    expect(kept).toHaveLength(1);
    const predicted = new Decimal(result.baselineCostUsd).minus(result.simulatedCostUsd).div(result.baselineCostUsd).times(100);
    expect(kept[0]).toMatchObject({ orgId, scenarioId: result.scenarioId, resultId: result.id, side: "shadowed", requests: MIN_JUDGED_REQUESTS, policyName: shadow.policyName, scenarioName: "Judge me" });
    // The same shares the scenario page shows (read-applied-outcome.ts), the error their difference, exactly.
    expect(kept[0]!.predictedSavingPercent.toFixed(2)).toBe(outcome.scenarioPrediction!.savingPercent);
    expect(kept[0]!.predictedSavingPercent.toFixed(2)).toBe(predicted.toFixed(2));
    expect(kept[0]!.observedSavingPercent!.toFixed(2)).toBe(outcome.shadowed.savingPercent);
    expect(kept[0]!.errorPoints!.toFixed(2)).toBe(new Decimal(outcome.shadowed.savingPercent!).minus(outcome.scenarioPrediction!.savingPercent!).toFixed(2));

    // A second pass the same day replaces the check; the next day adds one.
    await recordPredictionChecks(t.db, new Date(first.getTime() + 1000));
    expect(await t.db.predictionCheck.count({ where: { policyId: shadow.policyId } })).toBe(1);
    await recordPredictionChecks(t.db, new Date(first.getTime() + 86_400_000));
    expect(await t.db.predictionCheck.count({ where: { policyId: shadow.policyId } })).toBe(2);

    const owner: Principal = { kind: "user", actor: "user:test-owner", userId: null, email: null, orgId, role: "owner" };
    const record = await readPredictionTrackRecord(t.db, owner);
    const mine = record.latest.filter((c) => c.policyId === shadow.policyId);
    expect(mine).toHaveLength(1); // the latest check of the policy and side only
    expect(mine[0]!.day).toBe(new Date(first.getTime() + 86_400_000).toISOString().slice(0, 10));
    expect(record.judged).toBeGreaterThanOrEqual(1);
    expect(record.medianAbsErrorPoints).not.toBeNull();
  });

  it("a result is applied once: a second apply is a 409 naming the policy, until that policy is deleted", async () => {
    const result = await runToEnd(scenarioBody([{ match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } }], { name: "Once" }));
    const first = await applied(result.scenarioId, { resultId: result.id, mode: "shadow" });
    const res = await apply(result.scenarioId, { resultId: result.id, mode: "enforce" });
    expect(res.status).toBe(409);
    const error = ((await res.json()) as ErrorBody & { error: { details: unknown } }).error;
    expect(error.message).toBe(`This result is already applied as routing policy "What-if: Once" (${first.policyId}); delete that policy to apply it again`);
    expect(error.details).toEqual({ policyId: first.policyId, policyName: "What-if: Once" });
    const deleted = await call(routes.policy.DELETE, `/routing/policies/${first.policyId}`, { method: "DELETE", params: { policyId: first.policyId } });
    expect(deleted.status).toBe(200);
    expect((await applied(result.scenarioId, { resultId: result.id, mode: "enforce" })).mode).toBe("enforce");
  });

  it("roles: viewers never apply, finance not an org-wide policy; an engineer applies a scenario of its project as that project's policy", async () => {
    const result = await runToEnd(scenarioBody([{ match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } }], { name: "Roles" }));
    const before = await t.db.routingPolicy.count();
    for (const role of ["viewer", "finance"]) expect((await apply(result.scenarioId, { resultId: result.id, mode: "shadow" }, role)).status).toBe(403);
    expect(await t.db.routingPolicy.count()).toBe(before);
    // The org-wide scenario is not the engineer's to see.
    expect((await apply(result.scenarioId, { resultId: result.id, mode: "shadow" }, "engineer")).status).toBe(404);
    const mine = await runToEnd(scenarioBody([{ match: { requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } }], { name: "Engineer's" }), "engineer");
    const policy = await applied(mine.scenarioId, { resultId: mine.id, mode: "shadow" }, "engineer");
    expect(policy.projectId).toBe(projectA);
    expect((await outcomeOf(mine.scenarioId, "viewer")).map((o) => o.policyId)).toEqual([policy.policyId]);
  });

  it("finance applies in shadow mode only (enforce is a 403); an engineer of the project turns the policy live", async () => {
    // A recommendation's scenario: one project's requested model, so the policy is that project's.
    const result = await runToEnd(scenarioBody([{ match: { projectIds: [projectA], requestedModels: [MINI] }, sharePercent: 100, target: { model: NANO } }], { name: "Finance shadow" }), "finance");
    const before = await t.db.routingPolicy.count();
    const enforce = await apply(result.scenarioId, { resultId: result.id, mode: "enforce" }, "finance");
    expect(enforce.status).toBe(403);
    expect(((await enforce.json()) as ErrorBody).error.message).toMatch(/^Enforce routes traffic/);
    expect(await t.db.routingPolicy.count()).toBe(before);
    const shadow = await applied(result.scenarioId, { resultId: result.id, mode: "shadow" }, "finance");
    expect(shadow).toMatchObject({ mode: "shadow", projectId: projectA });
    // Finance may not turn it live on the routing API either; the project's engineer may.
    const patch = (role: string) => call(routes.policy.PATCH, `/routing/policies/${shadow.policyId}`, { method: "PATCH", body: { mode: "enforce" }, role, params: { policyId: shadow.policyId } });
    expect((await patch("finance")).status).toBe(403);
    const live = await patch("engineer");
    expect(live.status, JSON.stringify(await live.clone().json())).toBe(200);
    expect(((await live.json()) as { data: { mode: string } }).data.mode).toBe("enforce");
    const audit = await t.db.auditLog.findMany({ where: { entityId: shadow.policyId }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["routing_policy.create", "routing_policy.update"]);
  });

  it("refuses with 422 a result that did not succeed, another scenario's result, and a bad body; nothing is saved", async () => {
    const result = await runToEnd(scenarioBody([{ sharePercent: 100, target: { model: NANO } }], { name: "Refusals" }));
    const queued = await t.db.scenarioResult.create({ data: { scenarioId: result.scenarioId } });
    const failed = await t.db.scenarioResult.create({ data: { scenarioId: result.scenarioId, status: "failed", error: "x" } });
    const other = await runToEnd(scenarioBody([{ sharePercent: 100, target: { model: NANO } }], { name: "Other" }));
    const before = await t.db.routingPolicy.count();
    const refused = async (body: unknown) => {
      const res = await apply(result.scenarioId, body);
      expect(res.status).toBe(422);
      return ((await res.json()) as ErrorBody).error;
    };
    expect((await refused({ resultId: queued.id, mode: "shadow" })).message).toBe("resultId: the result is queued: only a succeeded result can be applied");
    expect((await refused({ resultId: failed.id, mode: "shadow" })).details).toEqual([{ field: "resultId", message: "the result is failed: only a succeeded result can be applied" }]);
    expect((await refused({ resultId: other.id, mode: "shadow" })).message).toBe("resultId: no result of this scenario has this id");
    expect((await refused({ resultId: result.id, mode: "live" })).details?.[0]?.field).toBe("mode");
    expect((await refused({ mode: "shadow" })).details?.[0]?.field).toBe("resultId");
    expect((await refused({ resultId: result.id, mode: "shadow", priority: 1.5 })).details?.[0]?.field).toBe("priority");
    expect((await refused({ resultId: result.id, mode: "shadow", extra: 1 })).code).toBe("validation_failed");
    // NUL never reaches a query: the shared body reader answers 400 naming the field.
    const nul = await apply(result.scenarioId, { resultId: "a\u0000b", mode: "shadow" });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as ErrorBody).error.details?.[0]?.field).toBe("resultId");
    expect((await refused({ resultId: result.id, mode: "shadow", priority: 1e300 })).details?.[0]?.field).toBe("priority");
    // A scenario id Postgres cannot even hold (NUL) is a scenario nobody sees: 404, not a 500.
    expect((await apply("x\u0000y", { resultId: result.id, mode: "shadow" })).status).toBe(404);
    expect(await t.db.routingPolicy.count()).toBe(before);
  });

  it("a tier rule becomes the requested models of that tier, warned; a tier with no model in it leaves the rule out, and 422 when nothing is left", async () => {
    const result = await runToEnd(scenarioBody([
      { name: "mid tier", match: { tiers: ["mid"] }, sharePercent: 100, target: { model: NANO } },
      { name: "premium tier", match: { tiers: ["premium"] }, sharePercent: 100, target: { model: NANO } },
    ], { name: "Tiers" }));
    expect(result.status, result.error ?? undefined).toBe("succeeded");
    const policy = await applied(result.scenarioId, { resultId: result.id, mode: "shadow" });
    expect(policy.warnings).toEqual([
      { rule: 0, kind: "approximation", message: `rule 1 ("mid tier"): tiers mid became the requested models "${HAIKU}" (the catalog now; the ledger's tier is the serving model's, the same when nothing else re-routes)` },
      { rule: 1, kind: "left-out", message: 'rule 2 ("premium tier"): tiers: no catalog model is in tier premium, and routing matches requested models, not tiers' },
    ]);
    expect((await t.db.routingPolicy.findUniqueOrThrow({ where: { id: policy.policyId } })).rules).toEqual([
      { id: "rule-1", description: "mid tier", match: { models: [HAIKU] }, action: { kind: "route", model: NANO } },
    ]);

    const premium = await runToEnd(scenarioBody([{ match: { tiers: ["premium"] }, sharePercent: 100, target: { model: NANO } }], { name: "Premium only" }));
    const res = await apply(premium.scenarioId, { resultId: premium.id, mode: "shadow" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.message).toBe("rules: no rule of the scenario can be carried over: rule 1: tiers: no catalog model is in tier premium, and routing matches requested models, not tiers");
  });
});

describe("the demo scenario", () => {
  it("is created and run through the API's lib functions once, and the worker computes it over the demo's synthetic traffic", async () => {
    // The demo org beside the test's own (every query here is scoped by org); a month of traffic is enough for its 30-day range.
    const now = new Date("2026-11-23T15:30:00Z");
    const seeded = await seedDemo(t.db, { ownerEmail: "demo-owner@example.test", now, days: 31 });
    const started = await startDemoWhatIf(t.db, workerRedis, now);
    expect(started).not.toBeNull();
    const scenario = await t.db.scenario.findUniqueOrThrow({ where: { id: started!.scenarioId }, select: { orgId: true, name: true } });
    expect(scenario).toEqual({ orgId: seeded.orgId, name: DEMO_WHATIF_NAME });
    expect(scenario.name).toMatch(/synthetic/);
    let result = { status: "", baselineCostUsd: null as string | null, simulatedCostUsd: null as string | null, error: null as string | null, details: null as unknown };
    await waitFor(async () => {
      result = await t.db.scenarioResult.findUniqueOrThrow({ where: { id: started!.resultId }, select: { status: true, baselineCostUsd: true, simulatedCostUsd: true, error: true, details: true } })
        .then((r) => ({ ...r, baselineCostUsd: r.baselineCostUsd?.toFixed(9) ?? null, simulatedCostUsd: r.simulatedCostUsd?.toFixed(9) ?? null }));
      return result.status === "succeeded" || result.status === "failed";
    }, 60_000, "the demo what-if result");
    expect(result.error).toBeNull();
    expect(result.status).toBe("succeeded");
    const details = result.details as SimulationDetails;
    // Every rule moves traffic, and the local burst both serves and spills.
    expect(details.cost.byRule.filter((r) => r.key !== null).map((r) => r.movedRequests > 0)).toEqual([true, true, true]);
    expect(details.burst!.spilledRequests).toBeGreaterThan(0);
    expect(details.burst!.spilledRequests).toBeLessThan(details.burst!.requests);
    // A SCOPE comparison per rule; the burst rule compares the local model with its cloud spill too.
    expect(details.scope!.map((s) => s.rule)).toEqual([0, 1, 2]);
    const burstScope = details.scope!.find((s) => s.targets[0] === details.burst!.localModel)!;
    expect(burstScope.targets).toEqual([details.burst!.localModel, details.burst!.cloudModel]);
    expect(burstScope.rows.find((r) => r.alias === details.burst!.localModel)!.operational.where).toBe("local");
    for (const s of details.scope!) expect(new Set(s.rows.map((r) => r.alias)).size, `rule ${s.rule}`).toBe(s.rows.length);
    expect(Number(result.baselineCostUsd)).toBeGreaterThan(0);
    expect(Number(result.simulatedCostUsd)).toBeLessThan(Number(result.baselineCostUsd));
    // Idempotent: the org has a scenario, so nothing more is created.
    expect(await startDemoWhatIf(t.db, workerRedis, now)).toBeNull();
    expect(await t.db.scenario.count({ where: { orgId: seeded.orgId } })).toBe(1);
  }, 180_000);
});
