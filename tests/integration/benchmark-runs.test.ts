// Benchmark runs end to end: the BullMQ worker sends each case through
// Tollgate's real proxy to the fake upstream (a real HTTP server with set
// TTFT and token rate), grades the answers, stores per-request timings and
// the run's summary, and the same requests land in the usage ledger, priced,
// in the benchmarks project. Cost caps and cancel stop a run part-way.
import type { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { cancelBenchmarkRun } from "../../lib/benchmarks/cancel-benchmark-run";
import { BENCHMARK_PROJECT_SLUG } from "../../lib/benchmarks/ensure-benchmark-project";
import { createBenchmarkSuite } from "../../lib/benchmarks/manage-benchmark-suites";
import { createModel, createModelSchema } from "../../lib/catalog/manage-models";
import { readRunHeadline } from "../../lib/benchmarks/read-run-headline";
import { runConfigSchema, type RunConfigInput } from "../../lib/benchmarks/run-config";
import { startBenchmarkRuns } from "../../lib/benchmarks/start-benchmark-runs";
import { suiteDefinitionSchema } from "../../lib/benchmarks/suite-schema";
import { createLogger } from "../../lib/log/logger";
import { nanoToUsd, usdToNano } from "../../lib/money/nano-usd";
import { closeQueues } from "../../lib/queues/get-queue";
import { loadWorkerEnv } from "../../workers/env";
import { registerWorkers } from "../../workers/register-workers";
import { waitFor } from "../support/budget-helpers";
import { fakePromptTokens, splitIntoWords } from "../support/fake-upstream";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
let workers: Worker[];
const owner = () => ({ orgId: f.orgId, actor: "test:owner", userId: null });

beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.benchmarkRuns, env: { TOLLGATE_UPSTREAM_TIMEOUT_MS: 10_000 } });
  workers = registerWorkers({
    db: f.t.db, connection: f.redis, log: createLogger({ name: "test", level: "silent" }),
    env: loadWorkerEnv({ DATABASE_URL: f.t.url, REDIS_URL: f.redisUrl, TOLLGATE_PROXY_URL: f.baseURL }),
  });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  await f.close();
});

beforeEach(() => f.upstream.reset());

async function suiteOf(name: string, cases: unknown[], judgeModel: string | null = null) {
  return createBenchmarkSuite(f.t.db, owner(), { name, description: null, judgeModel, definition: suiteDefinitionSchema.parse({ cases }) });
}

const capitalCase = (id: string, checks: unknown[]) => ({ id, messages: [{ role: "user", content: "What is the capital of {{country}}?" }], vars: { country: "France" }, checks });

async function runToEnd(suiteId: string, config: RunConfigInput, models = ["gpt-5-mini"]) {
  const { runs } = await startBenchmarkRuns(f.t.db, f.redis, owner(), { suiteId, models, config: runConfigSchema.parse(config) });
  const id = runs[0]!.id;
  await waitFor(async () => {
    const run = await f.t.db.benchmarkRun.findUniqueOrThrow({ where: { id } });
    return ["succeeded", "failed", "cancelled"].includes(run.status);
  }, 60_000, `run ${id} to end`);
  return f.t.db.benchmarkRun.findUniqueOrThrow({ where: { id }, include: { results: true } });
}

describe("benchmark runs", () => {
  it("measure TTFT/TPOT through the proxy, grade each answer, and meter the same requests in the benchmarks project", async () => {
    f.upstream.set({ ttftMs: 80, tokensPerSecond: 50, content: "The capital of France is Paris, of course." });
    const suite = await suiteOf("capitals", [
      capitalCase("paris", [{ type: "icontains", value: "paris" }, { type: "latency", threshold: 10_000 }]),
      capitalCase("not-paris", [{ type: "not-contains", value: "Paris" }]),
      capitalCase("starts", [{ type: "starts-with", value: "The capital" }]),
      capitalCase("regex", [{ type: "regex", value: "Par(is|ee)" }]),
    ]);
    const run = await runToEnd(suite.id, { profile: { kind: "concurrency", concurrency: 2 }, repeats: 2, warmupRequests: 1, costCapUsd: "1", objectives: { ttftMs: 2000 } });

    expect(run.status).toBe("succeeded");
    expect(run.results).toHaveLength(8);
    expect(run.requestsDone).toBe(8);
    // 8 words of content: one chunk each, the first 80 ms after the request, then one every 20 ms.
    for (const r of run.results) {
      expect(r.errorClass).toBeNull();
      expect(r.outputTokens).toBe(8);
      expect(r.ttftMs!).toBeGreaterThanOrEqual(80);
      // The fake sends each chunk at a fixed deadline from the request (never early, and a late one does not
      // push the rest back), so the last one leaves 80 + 7 x 20 ms after it: no ms upper bound, a loaded machine stretches it.
      expect(r.e2eMs!).toBeGreaterThanOrEqual(80 + 7 * 20);
      // TTFT ends at the first content chunk, not the last: the tokens after it still took time (a TTFT taken at
      // the last chunk would leave a TPOT under a millisecond). Not 20 ms: a late first chunk shortens the gaps after it.
      expect(r.tpotMs!).toBeGreaterThanOrEqual(5);
      expect(r.tpotMs!).toBeLessThan(80);
      // One gap per network read that carried content: 7 when each chunk is read alone, fewer when a loaded machine reads two at once.
      expect(r.itlMs.length).toBeGreaterThanOrEqual(1);
      expect(r.itlMs.length).toBeLessThanOrEqual(7);
      expect(r.costUsd).not.toBeNull();
    }
    const headline = readRunHeadline(run.summary);
    // Every case passes but "not-paris": 6 of 8.
    expect(headline.passRate).toBeCloseTo(0.75, 10);
    expect(headline.passRateLow!).toBeLessThan(0.75);
    expect(headline.ttftP95Ms!).toBeGreaterThanOrEqual(80);
    const failed = run.results.filter((r) => r.passed === false).map((r) => r.caseId);
    expect(new Set(failed)).toEqual(new Set(["not-paris"]));
    expect(run.definitions).toMatchObject({ metrics: { ttft: { formula: expect.any(String) }, tpot: { formula: expect.stringContaining("output tokens - 1") } } });

    // The ledger has the 8 measured requests and the warm-up, in the benchmarks project, tagged with the run.
    await f.waitForUsage(9);
    const project = await f.t.db.project.findUniqueOrThrow({ where: { orgId_slug: { orgId: f.orgId, slug: BENCHMARK_PROJECT_SLUG } } });
    const rows = await f.t.db.usageEvent.findMany({ where: { projectId: project.id } });
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.tags.includes(`benchmark:${run.id}`))).toBe(true);
    const ledgerNano = rows.reduce((sum, r) => sum + usdToNano(r.costUsd!.toFixed(9)), 0n);
    expect(usdToNano(run.costUsd.toFixed(9))).toBe(ledgerNano);
    const resultIds = new Set(run.results.map((r) => r.requestId));
    expect(rows.filter((r) => resultIds.has(r.requestId))).toHaveLength(8);
    // The run's own key is revoked once the run ends.
    const keys = await f.t.db.apiKey.findMany({ where: { projectId: project.id } });
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.revokedAt !== null)).toBe(true);
  });

  it("stops at its cost cap", async () => {
    // 2,000 words at $2 per 1M output tokens: $0.004 a request; the cap covers two.
    f.upstream.set({ content: "word ".repeat(2000).trim() });
    const suite = await suiteOf("expensive", Array.from({ length: 20 }, (_, i) => capitalCase(`c${i}`, [{ type: "contains", value: "word" }])));
    const run = await runToEnd(suite.id, { profile: { kind: "sequential" }, warmupRequests: 0, costCapUsd: "0.01", maxTokens: 4096 });
    expect(run.status).toBe("cancelled");
    expect(run.stopReason).toBe("cost_cap");
    expect(run.requestsDone).toBeGreaterThanOrEqual(2);
    expect(run.requestsDone).toBeLessThan(5);
    // Never past the cap by more than the request that crossed it.
    expect(usdToNano(run.costUsd.toFixed(9))).toBeLessThanOrEqual(usdToNano("0.01") + usdToNano("0.0041"));
  });

  it("can be cancelled while running, keeping what was measured", async () => {
    f.upstream.set({ ttftMs: 300, content: "Paris" });
    const suite = await suiteOf("slow", Array.from({ length: 15 }, (_, i) => capitalCase(`s${i}`, [{ type: "contains", value: "Paris" }])));
    const { runs } = await startBenchmarkRuns(f.t.db, f.redis, owner(), { suiteId: suite.id, models: ["gpt-5-mini"], config: runConfigSchema.parse({ warmupRequests: 0 }) });
    const id = runs[0]!.id;
    await waitFor(async () => (await f.t.db.benchmarkRun.findUniqueOrThrow({ where: { id } })).requestsDone >= 1, 20_000, "first result");
    await cancelBenchmarkRun(f.t.db, f.redis, owner(), id);
    await waitFor(async () => (await f.t.db.benchmarkRun.findUniqueOrThrow({ where: { id } })).status === "cancelled", 20_000, "cancelled");
    const run = await f.t.db.benchmarkRun.findUniqueOrThrow({ where: { id }, include: { results: true } });
    expect(run.stopReason).toBe("cancelled");
    expect(run.requestsDone).toBeLessThan(15);
    expect(run.results.length).toBe(run.requestsDone);
    expect(run.summary).not.toBeNull();
  });

  it("counts upstream errors by class and as failed answers", async () => {
    f.upstream.set({ errorRate: 1, errorStatus: 500, content: "Paris" });
    const suite = await suiteOf("broken", [capitalCase("a", [{ type: "contains", value: "Paris" }]), capitalCase("b", [{ type: "contains", value: "Paris" }])]);
    const run = await runToEnd(suite.id, { warmupRequests: 0 });
    expect(run.status).toBe("succeeded");
    expect(run.results.every((r) => r.errorClass === "upstream_5xx" && r.passed === false)).toBe(true);
    const summary = run.summary as { errorRate: number; errorsByClass: Record<string, number> };
    expect(summary.errorRate).toBe(1);
    expect(summary.errorsByClass).toEqual({ upstream_5xx: 2 });
  });

  it("refuses models that are not in the catalog, naming them", async () => {
    const suite = await suiteOf("unknown-model", [capitalCase("a", [])]);
    await expect(startBenchmarkRuns(f.t.db, f.redis, owner(), { suiteId: suite.id, models: ["gpt-5-mini", "nope-model"], config: runConfigSchema.parse({}) })).rejects.toThrow(/models\.1: no model "nope-model"/);
    expect(await f.t.db.benchmarkRun.count({ where: { suiteId: suite.id } })).toBe(0);
  });

  it("grades and stores tool calls", async () => {
    f.upstream.set({ toolCalls: () => [{ function: { name: "get_weather", arguments: JSON.stringify({ city: "Oslo" }) } }] });
    const tools = [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
    const suite = await suiteOf("tools", [{ id: "weather", messages: [{ role: "user", content: "Weather in Oslo?" }], tools, checks: [{ type: "is-valid-openai-tools-call" }] }]);
    const run = await runToEnd(suite.id, { warmupRequests: 0 });
    const [result] = run.results;
    expect(result!.passed).toBe(true);
    expect(result!.toolCalls).toEqual([{ id: expect.any(String), type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }]);
    // The request carried the case's tools.
    expect(f.upstream.requests.at(-1)!.body).toMatchObject({ tools: [{ function: { name: "get_weather" } }] });
  });

  it("grade llm-rubric checks with a judge model called through the proxy: verdicts, the judge's prompt and answer kept, its requests metered, priced and counted apart", async () => {
    // A judge of its own (and dearer) price, on the same fake upstream: $3 in, $15 out per 1M tokens. Created as
    // an owner would (the proxy reloads its catalog on the change), and served once the proxy lists it.
    const provider = await f.t.db.provider.findFirstOrThrow({ where: { orgId: f.orgId }, select: { id: true } });
    const ownerPrincipal = { kind: "user" as const, actor: "user:owner", userId: null, email: null, orgId: f.orgId, role: "owner" as const };
    await createModel(f.t.db, f.redis, ownerPrincipal, createModelSchema.parse({
      alias: "judge-large", deployments: [{ providerId: provider.id, upstreamModel: "judge-large-2026" }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "3", output: "15" },
    }));
    const judgeModel = await f.t.db.model.findFirstOrThrow({ where: { orgId: f.orgId, alias: "judge-large" }, select: { prices: { select: { id: true } } } });
    await waitFor(async () => {
      const listed = await fetch(`${f.baseURL}/models`, { headers: { authorization: `Bearer ${f.apiKey}` } }).then((r) => r.json() as Promise<{ data?: { id: string }[] }>);
      return (listed.data ?? []).some((m) => m.id === "judge-large");
    }, 10_000, "the proxy to serve the judge model");
    // The judge's answer per rubric: a bare verdict, one inside prose, and one that is no verdict at all.
    const verdicts: Record<string, string> = {
      "Names Paris as the capital": '{"reason": "It names Paris.", "pass": true, "score": 0.9}',
      "Names Berlin as the capital": 'My verdict: {"reason": "It names Paris, not Berlin.", "pass": false, "score": 0.2}',
      "Answers in French": "Looks fine to me!",
    };
    const answer = "The capital of France is Paris.";
    f.upstream.set({
      content: (body) => {
        const messages = body.messages as { role: string; content: string }[];
        if (!messages[0]!.content.startsWith("You are a strict grader")) return answer;
        const rubric = /<Rubric>\n([\s\S]*?)\n<\/Rubric>/.exec(messages[1]!.content)?.[1] ?? "";
        return verdicts[rubric] ?? "unknown rubric";
      },
    });
    const suite = await suiteOf("judged", [
      capitalCase("judged-pass", [{ type: "llm-rubric", value: "Names Paris as the capital" }, { type: "icontains", value: "paris" }]),
      capitalCase("judged-fail", [{ type: "llm-rubric", value: "Names Berlin as the capital" }]),
      capitalCase("judged-garbled", [{ type: "llm-rubric", value: "Answers in French" }]),
    ], "judge-large");
    const run = await runToEnd(suite.id, { warmupRequests: 1, costCapUsd: "1" });

    expect(run.status).toBe("succeeded");
    const byCase = Object.fromEntries(run.results.map((r) => [r.caseId, r]));
    type StoredCheck = { type: string; pass: boolean; score: number; reason: string; judge?: { model: string; prompt: string; output: string | null; requestId: string | null; costUsd: string | null } };
    const rubricCheck = (caseId: string) => (byCase[caseId]!.checks as StoredCheck[]).find((c) => c.type === "llm-rubric")!;
    // Pass: the judge's 0.9 and icontains' 1, weighted equally.
    expect(byCase["judged-pass"]!.passed).toBe(true);
    expect(Number(byCase["judged-pass"]!.score)).toBeCloseTo(0.95, 4);
    expect(rubricCheck("judged-pass")).toMatchObject({ pass: true, score: 0.9, reason: "It names Paris." });
    expect(byCase["judged-fail"]!.passed).toBe(false);
    expect(Number(byCase["judged-fail"]!.score)).toBeCloseTo(0.2, 4);
    expect(rubricCheck("judged-fail")).toMatchObject({ pass: false, score: 0.2, reason: "It names Paris, not Berlin." });
    // No verdict in the answer: a failed check that says so and quotes the judge, not a crashed run.
    expect(byCase["judged-garbled"]!.passed).toBe(false);
    expect(Number(byCase["judged-garbled"]!.score)).toBe(0);
    expect(rubricCheck("judged-garbled")).toMatchObject({ pass: false, score: 0, reason: 'the judge did not answer with the JSON verdict asked for: "Looks fine to me!"' });
    expect(readRunHeadline(run.summary).passRate).toBeCloseTo(1 / 3, 10);

    // Each check keeps what the judge was asked (the answer and the rubric) and what it said.
    for (const [caseId, rubric] of [["judged-pass", "Names Paris as the capital"], ["judged-fail", "Names Berlin as the capital"], ["judged-garbled", "Answers in French"]] as const) {
      const judge = rubricCheck(caseId).judge!;
      expect(judge.model).toBe("judge-large");
      expect(judge.output).toBe(verdicts[rubric]);
      expect(judge.requestId).toEqual(expect.any(String));
      const prompt = JSON.parse(judge.prompt) as { role: string; content: string }[];
      expect(prompt.map((m) => m.role)).toEqual(["system", "user"]);
      expect(prompt[1]!.content).toBe(`<Output>\n${answer}\n</Output>\n<Rubric>\n${rubric}\n</Rubric>`);
    }

    // The ledger: 1 warm-up + 3 measured + 3 judge requests, all in the benchmarks project with the run's tag.
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { tags: { has: `benchmark:${run.id}` } } })) >= 7, 15_000, "the run's 7 usage rows");
    const project = await f.t.db.project.findUniqueOrThrow({ where: { orgId_slug: { orgId: f.orgId, slug: BENCHMARK_PROJECT_SLUG } } });
    const rows = await f.t.db.usageEvent.findMany({ where: { tags: { has: `benchmark:${run.id}` } } });
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.projectId === project.id)).toBe(true);
    const judgeRows = rows.filter((r) => r.requestedModel === "judge-large");
    expect(judgeRows).toHaveLength(3);
    const nanoOf = (r: { costUsd: { toFixed(dp: number): string } | null }) => usdToNano(r.costUsd!.toFixed(9));
    for (const row of judgeRows) {
      const check = run.results.flatMap((r) => r.checks as StoredCheck[]).find((c) => c.judge?.requestId === row.requestId)!;
      expect(row.tags).toContain("benchmark-call:judge");
      expect(row.servedModel).toBe("judge-large");
      expect(row.status).toBe("ok");
      expect(row.priceId).toBe(judgeModel.prices[0]!.id);
      // Priced from the book, exactly: the fake counts prompt words and one token per answer word.
      const promptTokens = fakePromptTokens({ messages: JSON.parse(check.judge!.prompt) });
      const outputTokens = splitIntoWords(check.judge!.output!).length;
      expect([row.inputTokens, row.outputTokens]).toEqual([promptTokens, outputTokens]);
      expect(nanoOf(row)).toBe(BigInt(promptTokens) * 3_000n + BigInt(outputTokens) * 15_000n);
      expect(usdToNano(check.judge!.costUsd!)).toBe(nanoOf(row));
    }
    const warmRows = rows.filter((r) => r.tags.includes("benchmark-call:warmup"));
    expect(warmRows).toHaveLength(1);
    const measuredRows = rows.filter((r) => run.results.some((x) => x.requestId === r.requestId));
    expect(measuredRows).toHaveLength(3);
    const sum = (list: typeof rows) => list.reduce((total, r) => total + nanoOf(r), 0n);

    // The run's cost is everything it sent (what the cap and the ledger count); the summary splits it, and the per-1,000-cases cost is the target model's alone.
    expect(usdToNano(run.costUsd.toFixed(9))).toBe(sum(rows));
    const spend = (run.summary as { spend: Record<string, unknown> }).spend;
    expect(spend).toEqual({
      totalUsd: nanoToUsd(sum(rows)), measuredUsd: nanoToUsd(sum(measuredRows)), warmupUsd: nanoToUsd(sum(warmRows)), warmupRequests: 1,
      judgeUsd: nanoToUsd(sum(judgeRows)), judgeCalls: 3, judgeUnpricedCalls: 0,
    });
    const headline = readRunHeadline(run.summary);
    expect(headline).toMatchObject({ totalCostUsd: nanoToUsd(sum(rows)), judgeCostUsd: nanoToUsd(sum(judgeRows)), judgeCalls: 3 });
    expect(usdToNano(headline.costPer1kCasesUsd!)).toBe((sum(measuredRows) * 1000n) / 3n);
  });
});
