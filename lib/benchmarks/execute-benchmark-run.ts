// Runs one benchmark run in the worker: a key of its own in the benchmarks
// project, warm-up requests (sent, paid for, not counted), then every case
// x repeat under the run's load profile, each answer graded by its checks,
// results written in batches with the run's live progress, until done,
// cancelled, over its cost cap, out of time or refused by a budget. Then the
// summary (vLLM's metrics, quality, cost, hardware price of local models).
import type { Redis } from "ioredis";
import { performance } from "node:perf_hooks";
import type { DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";
import type { Logger } from "../log/logger";
import { nanoToUsd, usdToNano } from "../money/nano-usd";
import { buildCaseRequest } from "./build-case-request";
import type { JudgeFn } from "./checks/check-types";
import { evaluateCase } from "./checks/evaluate-case";
import { driveLoad } from "./drive-load";
import { arrivalOffsetsMs } from "./metrics/arrival-offsets";
import { measureRequestTimings } from "./metrics/measure-request-timings";
import { summariseRun, type ResultForSummary } from "./metrics/summarise-run";
import { RunSpend, type SpendKind } from "./metrics/run-spend";
import { recordHardwarePrice } from "./record-hardware-price";
import { runConfigSchema, type RunConfig } from "./run-config";
import { mintRunApiKey, revokeRunApiKey } from "./run-api-key";
import { sendBenchmarkRequest, type BenchmarkRequestOutcome } from "./send-benchmark-request";
import { suiteDefinitionSchema, type SuiteCase } from "./suite-schema";

export interface ExecuteRunDeps {
  db: DbClient;
  redis: Redis;
  log: Logger;
  /** The proxy's OpenAI base URL, e.g. http://127.0.0.1:3000/api/v1. */
  proxyBaseUrl: string;
  /** How often progress is written and cancellation is checked. */
  flushEveryMs?: number;
  /** Aborted when the worker shuts down: the run stops starting requests and ends as failed (its results are kept). */
  shutdown?: AbortSignal;
}

type StopReason = "cancelled" | "cost_cap" | "max_duration" | "budget" | "worker_stopped";

interface PlannedRequest {
  testCase: SuiteCase;
  repeat: number;
}

export async function executeBenchmarkRun(deps: ExecuteRunDeps, runId: string): Promise<{ status: string; stopReason: StopReason | null }> {
  const { db, log } = deps;
  const found = await db.benchmarkRun.findUnique({
    where: { id: runId },
    select: { id: true, orgId: true, status: true, config: true, suiteSnapshot: true, cancelRequestedAt: true, targetId: true, suiteId: true },
  });
  if (!found || found.status === "succeeded" || found.status === "failed" || found.status === "cancelled") return { status: found?.status ?? "missing", stopReason: null };
  // Read apart from the run: on the embedded Postgres a first run's nested read once came back without
  // its (existing) target, and a run must fail with a message, not a TypeError.
  const [target, suiteRow] = await Promise.all([
    db.benchmarkTarget.findUnique({ where: { id: found.targetId }, select: { modelAlias: true } }),
    db.benchmarkSuite.findUnique({ where: { id: found.suiteId }, select: { judgeModel: true } }),
  ]);
  if (!target || !suiteRow) throw new Error(`benchmark run ${runId}: its ${target ? "suite" : "target"} could not be read`);
  const run = { ...found, target, suite: suiteRow };
  if (run.cancelRequestedAt) {
    await db.benchmarkRun.update({ where: { id: runId }, data: { status: "cancelled", stopReason: "cancelled", finishedAt: new Date() } });
    return { status: "cancelled", stopReason: "cancelled" };
  }
  const config = runConfigSchema.parse(run.config);
  const suite = suiteDefinitionSchema.parse(run.suiteSnapshot);
  // A run whose worker died part-way starts again from nothing: half a run is not a measurement.
  if (run.status === "running") await db.benchmarkResult.deleteMany({ where: { runId } });
  const startedAt = new Date();
  // Conditional: a cancel that landed since the read above wins.
  const claimed = await db.benchmarkRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] }, cancelRequestedAt: null },
    data: { status: "running", startedAt, requestsDone: 0, costUsd: "0", error: null },
  });
  if (claimed.count === 0) return { status: "cancelled", stopReason: "cancelled" };

  const key = await mintRunApiKey(db, run.orgId, runId, config.maxDurationSec);
  const model = run.target.modelAlias;
  const tags = [`benchmark:${runId}`];
  // Warm-up and judge requests carry a second tag, so the ledger can tell them from the measured ones.
  const tagsFor = (kind: SpendKind) => (kind === "measured" ? tags : [...tags, `benchmark-call:${kind}`]);
  const spend = new RunSpend();
  let stopReason: StopReason | null = null;
  let stopNow: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stopNow = resolve));
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    stopNow();
  };
  const capNano = usdToNano(config.costCapUsd);
  const addCost = (kind: SpendKind, cost: string | null) => {
    spend.add(kind, cost);
    if (spend.totalNano >= capNano) stop("cost_cap");
  };
  const send = (kind: SpendKind, body: Record<string, unknown>, stream: boolean) =>
    sendBenchmarkRequest({ proxyBaseUrl: deps.proxyBaseUrl, apiKey: key.secret, body, stream, timeoutMs: config.requestTimeoutSec * 1000, tags: tagsFor(kind) });
  const judge: JudgeFn = async ({ model: judgeModel, messages }) => {
    const answer = await send("judge", { model: judgeModel, messages, max_tokens: 512, temperature: 0 }, false);
    addCost("judge", answer.costUsd);
    if (answer.errorClass === "budget") stop("budget");
    if (answer.errorClass) throw new Error(`judge ${judgeModel}: ${answer.error ?? answer.errorClass}`);
    return { output: answer.output, requestId: answer.requestId, costUsd: answer.costUsd };
  };

  const pending: Prisma.BenchmarkResultCreateManyInput[] = [];
  const results: ResultForSummary[] = [];
  let done = 0;
  let inFlight = 0;
  const flush = async () => {
    const batch = pending.splice(0, pending.length);
    if (batch.length > 0) await db.benchmarkResult.createMany({ data: batch, skipDuplicates: true });
    const row = await db.benchmarkRun.update({
      where: { id: runId },
      data: { requestsDone: done, costUsd: nanoToUsd(spend.totalNano) },
      select: { cancelRequestedAt: true },
    });
    if (row.cancelRequestedAt) stop("cancelled");
  };
  let flushing = Promise.resolve();
  const ticker = setInterval(() => {
    flushing = flushing.then(flush).catch((error) => log.warn({ runId, err: (error as Error).message }, "benchmark progress write failed"));
  }, deps.flushEveryMs ?? 500);
  const deadline = setTimeout(() => stop("max_duration"), config.maxDurationSec * 1000);
  const onShutdown = () => stop("worker_stopped");
  deps.shutdown?.addEventListener("abort", onShutdown, { once: true });

  // Judge calls are in the mean too: a graded case costs its request and its grading.
  const meanCostNano = () => (done > 0 ? spend.totalNano / BigInt(done) : 0n);
  // Stop before starting a request the cap cannot cover, counting what is already in flight.
  const shouldStop = () => {
    if (!stopReason && spend.totalNano + BigInt(inFlight + 1) * meanCostNano() > capNano) stop("cost_cap");
    return stopReason !== null;
  };

  let wallStart = performance.now();
  let wallEnd = wallStart;
  try {
    for (let i = 0; i < config.warmupRequests && !shouldStop(); i++) {
      const warm = await send("warmup", buildCaseRequest(suite.cases[i % suite.cases.length]!, model, config), config.stream);
      addCost("warmup", warm.costUsd);
      if (warm.errorClass === "budget") stop("budget");
    }
    const planned: PlannedRequest[] = [];
    for (let repeat = 0; repeat < config.repeats; repeat++) for (const testCase of suite.cases) planned.push({ testCase, repeat });
    const profile = config.profile;
    const offsets = profile.kind === "constant-rate" || profile.kind === "poisson" ? arrivalOffsetsMs(profile, planned.length, profile.kind === "poisson" ? (profile.seed ?? hashSeed(runId)) : 0) : undefined;
    wallStart = performance.now();
    await driveLoad({
      items: planned,
      profile,
      offsetsMs: offsets,
      stopped,
      shouldStop,
      send: async ({ testCase, repeat }) => {
        inFlight++;
        let outcome: BenchmarkRequestOutcome;
        try {
          outcome = await send("measured", buildCaseRequest(testCase, model, config), config.stream);
        } finally {
          inFlight--;
        }
        wallEnd = Math.max(wallEnd, outcome.endMs);
        addCost("measured", outcome.costUsd);
        if (outcome.errorClass === "budget") stop("budget");
        const row = await gradeAndRecord(testCase, repeat, outcome);
        results.push(row);
        done++;
      },
    });
  } finally {
    clearInterval(ticker);
    clearTimeout(deadline);
    deps.shutdown?.removeEventListener("abort", onShutdown);
    await flushing;
    await revokeRunApiKey(db, deps.redis, key.id).catch((error) => log.warn({ runId, err: (error as Error).message }, "could not revoke a benchmark key"));
  }
  await flush();

  async function gradeAndRecord(testCase: SuiteCase, repeat: number, outcome: BenchmarkRequestOutcome): Promise<ResultForSummary> {
    const timings = outcome.errorClass ? null : measureRequestTimings({ sentAtMs: outcome.sentAtMs, chunkTimesMs: outcome.chunkTimesMs, endMs: outcome.endMs, outputTokens: outcome.outputTokens ?? 0 });
    // A graded case whose request failed did not pass: an error is a wrong answer for quality, and it is in the error rate too.
    const graded = testCase.checks.length === 0
      ? null
      : outcome.errorClass
        ? { passed: false, score: 0, checks: [] }
        : await evaluateCase(testCase, { output: outcome.output, toolCalls: outcome.toolCalls, e2eMs: timings?.e2eMs ?? null, costUsd: outcome.costUsd }, { judge, judgeModel: run!.suite.judgeModel });
    pending.push({
      runId, caseId: testCase.id, repeat, requestId: outcome.requestId, servedModel: outcome.servedModel, httpStatus: outcome.httpStatus,
      errorClass: outcome.errorClass, error: outcome.error, sentAt: outcome.sentAt,
      ttftMs: timings?.ttftMs ?? null, e2eMs: timings?.e2eMs ?? (outcome.endMs - outcome.sentAtMs), tpotMs: timings?.tpotMs ?? null, itlMs: timings?.itlMs ?? [],
      outputTokensPerSec: timings?.outputTokensPerSec ?? null, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens,
      costUsd: outcome.costUsd, output: outcome.output || null, toolCalls: outcome.toolCalls.length > 0 ? (outcome.toolCalls as unknown as Prisma.InputJsonValue) : Prisma.DbNull, checks: (graded?.checks ?? []) as unknown as Prisma.InputJsonValue,
      passed: graded ? graded.passed : null, score: graded ? graded.score.toFixed(4) : null,
    });
    return {
      caseId: testCase.id, errorClass: outcome.errorClass, ttftMs: timings?.ttftMs ?? null, e2eMs: timings?.e2eMs ?? null, tpotMs: timings?.tpotMs ?? null,
      itlMs: timings?.itlMs ?? [], outputTokensPerSec: timings?.outputTokensPerSec ?? null, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens,
      costUsd: outcome.costUsd, passed: graded ? graded.passed : null, score: graded ? graded.score : null,
    };
  }

  const summary = summariseRun(results, { wallTimeMs: Math.max(wallEnd - wallStart, 1), objectives: config.objectives, casesCount: suite.cases.length });
  const hardware = await recordHardwarePrice(db, run.orgId, model, summary.outputTokensPerSec.aggregate);
  const finalStatus = stopReason === "worker_stopped" ? "failed" : stopReason ? "cancelled" : "succeeded";
  await db.benchmarkRun.update({
    where: { id: runId },
    data: {
      status: finalStatus, stopReason, finishedAt: new Date(), error: stopReason === "worker_stopped" ? "The worker stopped during the run; the requests measured so far are kept" : null, requestsDone: done, costUsd: nanoToUsd(spend.totalNano),
      summary: { ...summary, totalCostUsd: nanoToUsd(spend.totalNano), spend: spend.summary(), hardwarePrice: hardware } as unknown as Prisma.InputJsonValue,
    },
  });
  log.info({ runId, model, status: finalStatus, stopReason, requests: done, costUsd: nanoToUsd(spend.totalNano) }, "benchmark run finished");
  return { status: finalStatus, stopReason };
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h % 2 ** 31;
}

export type { RunConfig };
