// Scheduled benchmarks: a schedule becomes a BullMQ job scheduler whose
// ticks start runs in the worker (never a second run of the same suite and
// model while one is going), and a run that is slower and wrong than the
// median of the last runs fires its regression alerts once.
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkBenchmarkRegression } from "../../lib/benchmarks/check-benchmark-regression";
import { createBenchmarkSchedule, deleteBenchmarkSchedule, mirrorSchedule } from "../../lib/benchmarks/manage-benchmark-schedules";
import { createBenchmarkSuite } from "../../lib/benchmarks/manage-benchmark-suites";
import { runScheduledBenchmarks } from "../../lib/benchmarks/run-scheduled-benchmarks";
import { createScheduleSchema } from "../../lib/benchmarks/schedule-schemas";
import { suiteDefinitionSchema } from "../../lib/benchmarks/suite-schema";
import { createLogger } from "../../lib/log/logger";
import { closeQueues, getQueue } from "../../lib/queues/get-queue";
import { QueueName } from "../../lib/queues/queue-names";
import { loadWorkerEnv } from "../../workers/env";
import { registerWorkers } from "../../workers/register-workers";
import { waitFor } from "../support/budget-helpers";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";
import { localModelAvailable, startTestLocalModel } from "../support/local-model";
import type { LocalModel } from "../../lib/local-model/start-local-model";
import { adoptHardwarePrice } from "../../lib/benchmarks/adopt-hardware-price";
import { BENCHMARK_PROJECT_SLUG } from "../../lib/benchmarks/ensure-benchmark-project";
import { readRunHeadline } from "../../lib/benchmarks/read-run-headline";
import { publishCatalogChange } from "../../lib/catalog/publish-catalog-change";

let f: ProxyFixture;
let workers: Worker[];
let local: LocalModel | undefined;
const log = createLogger({ name: "test", level: "silent" });
const owner = () => ({ orgId: f.orgId, actor: "test:owner", userId: null });

beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.benchmarkSchedules, env: { TOLLGATE_UPSTREAM_TIMEOUT_MS: 10_000 } });
  workers = registerWorkers({ db: f.t.db, connection: f.redis, log, env: loadWorkerEnv({ DATABASE_URL: f.t.url, REDIS_URL: f.redisUrl, TOLLGATE_PROXY_URL: f.baseURL }) });
});

afterAll(async () => {
  await local?.close();
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  await f.close();
});

async function suite(name: string) {
  const definition = suiteDefinitionSchema.parse({
    cases: ["France", "Italy", "Spain"].map((country, i) => ({ id: `c${i}`, messages: [{ role: "user", content: `Capital of ${country}?` }], checks: [{ type: "icontains", value: "capital" }] })),
  });
  return createBenchmarkSuite(f.t.db, owner(), { name, description: null, judgeModel: null, definition });
}

const finishedRuns = (scheduleId: string) => f.t.db.benchmarkRun.findMany({ where: { scheduleId, status: { in: ["succeeded", "failed", "cancelled"] } }, orderBy: { createdAt: "asc" } });

describe("benchmark schedules", () => {
  it("an every-minute schedule is a BullMQ job scheduler due at the next minute, and deleting it removes the scheduler", async () => {
    const s = await suite("minutely");
    const schedule = await createBenchmarkSchedule(f.t.db, f.redis, owner(), createScheduleSchema.parse({ suiteId: s.id, cron: "* * * * *", models: ["gpt-5-mini"] }));
    const queue = getQueue(QueueName.BenchmarkSchedule, f.redis);
    const scheduler = await queue.getJobScheduler(`benchmark-schedule-${schedule.id}`);
    expect(scheduler?.pattern).toBe("* * * * *");
    const next = Number(scheduler?.next);
    expect(next % 60_000).toBe(0);
    expect(next - Date.now()).toBeLessThanOrEqual(60_000);
    await deleteBenchmarkSchedule(f.t.db, f.redis, owner(), schedule.id);
    expect(await queue.getJobScheduler(`benchmark-schedule-${schedule.id}`)).toBeFalsy();
  });

  it("never starts a second run of the same suite and model while one is queued or running", async () => {
    const s = await suite("one-at-a-time");
    f.upstream.set({ ttftMs: 400, content: "The capital is here" });
    const schedule = await createBenchmarkSchedule(f.t.db, f.redis, owner(), createScheduleSchema.parse({ suiteId: s.id, cron: "0 3 * * *", models: ["gpt-5-mini"], enabled: false }));
    await f.t.db.benchmarkSchedule.update({ where: { id: schedule.id }, data: { enabled: true } });
    const first = await runScheduledBenchmarks(f.t.db, f.redis, log, schedule.id);
    const second = await runScheduledBenchmarks(f.t.db, f.redis, log, schedule.id);
    expect(first.started).toHaveLength(1);
    expect(second).toEqual({ started: [], skipped: ["gpt-5-mini"] });
    await waitFor(async () => (await finishedRuns(schedule.id)).length === 1, 30_000, "the run to finish");
    f.upstream.reset();
  });

  it("runs on its schedule, and a slower, wrong run fires each regression alert once", async () => {
    const s = await suite("regressions");
    f.upstream.set({ ttftMs: 20, content: "The capital is a fine city" });
    const schedule = await createBenchmarkSchedule(f.t.db, f.redis, owner(), createScheduleSchema.parse({
      suiteId: s.id, cron: "0 3 * * *", models: ["gpt-5-mini"], config: { warmupRequests: 0 },
      alertPassRateDropPoints: 20, alertTtftP95RisePercent: 50, alertBaselineRuns: 3,
    }));
    // Every 2 seconds instead of every minute so the test takes seconds: the API accepts minutes at the finest
    // (cronSchema); the job scheduler, worker and runs are the same.
    await mirrorSchedule(f.redis, { id: schedule.id, cron: "*/2 * * * * *", timezone: "UTC", enabled: true });

    await waitFor(async () => (await finishedRuns(schedule.id)).length >= 2, 40_000, "two scheduled runs");
    const baseline = await finishedRuns(schedule.id);
    expect(baseline.every((r) => r.status === "succeeded" && r.trigger === "schedule")).toBe(true);
    expect(await f.t.db.alert.count({ where: { kind: "benchmark_regression" } })).toBe(0);

    // Slower and wrong: p95 TTFT 20 -> 300 ms, pass rate 100% -> 0%.
    f.upstream.set({ ttftMs: 300, content: "No idea" });
    const before = baseline.length;
    // A finished scheduled run gets its regression check just after it ends: wait for both.
    const checked = async () => (await finishedRuns(schedule.id)).slice(before).filter((r) => (r.summary as { regressions?: unknown } | null)?.regressions !== undefined);
    await waitFor(async () => (await checked()).length >= 2, 40_000, "two slow runs, checked");
    await mirrorSchedule(f.redis, { id: schedule.id, cron: "*/2 * * * * *", timezone: "UTC", enabled: false });

    const alerts = await f.t.db.alert.findMany({ where: { kind: "benchmark_regression" }, orderBy: { firedAt: "asc" } });
    // Once per metric for the episode, not again for the second slow run.
    expect(alerts.map((a) => (a.details as { metric: string }).metric).sort()).toEqual(["passRate", "ttftP95Ms"]);
    expect(alerts.find((a) => (a.details as { metric: string }).metric === "passRate")!.message).toMatch(/pass rate 0\.0% is 100\.0 points below/);
    const slow = await checked();
    expect((slow[1]!.summary as { regressions: unknown[] }).regressions.length).toBe(2);
    // Re-checking the same run fires nothing new (the dedupe key is the run and metric).
    await checkBenchmarkRegression(f.t.db, f.redis, slow[0]!.id);
    expect(await f.t.db.alert.count({ where: { kind: "benchmark_regression" } })).toBe(2);
  });

  it.skipIf(!localModelAvailable)("schedules a suite against the cloud fake and the real llama.cpp model; the local run is priced by hardware", async () => {
    local = await startTestLocalModel({ parallel: 2 });
    const provider = await f.t.db.provider.create({ data: { orgId: f.orgId, name: "llamacpp", vendor: "llamacpp", kind: "local", baseUrl: local.baseURL } });
    const model = await f.t.db.model.create({ data: { orgId: f.orgId, alias: "local-tiny", tier: "economy", isLocal: true } });
    await f.t.db.deployment.create({ data: { providerId: provider.id, modelId: model.id, upstreamModel: local.modelName, hourlyCostUsd: "0.20", expectedUtilisation: "0.5" } });
    await f.t.db.modelPrice.create({ data: { modelId: model.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0", outputPerMTok: "0.222223", source: "hardware estimate" } });
    // Written straight to the database, so tell the proxy's catalog cache (the API does this on every change).
    await publishCatalogChange(f.redis, f.orgId);
    f.upstream.set({ content: "The capital is Paris" });
    const s = await suite("cloud-and-local");
    const schedule = await createBenchmarkSchedule(f.t.db, f.redis, owner(), createScheduleSchema.parse({ suiteId: s.id, cron: "0 3 * * *", models: ["gpt-5-mini", "local-tiny"], config: { warmupRequests: 1, maxTokens: 16 } }));
    await mirrorSchedule(f.redis, { id: schedule.id, cron: "*/2 * * * * *", timezone: "UTC", enabled: true });
    const byModel = async () => {
      const runs = await f.t.db.benchmarkRun.findMany({ where: { scheduleId: schedule.id, status: "succeeded" }, include: { target: true, results: true } });
      return { cloud: runs.filter((r) => r.target.modelAlias === "gpt-5-mini"), local: runs.filter((r) => r.target.modelAlias === "local-tiny") };
    };
    await waitFor(async () => {
      const runs = await byModel();
      return runs.cloud.length >= 2 && runs.local.length >= 2;
    }, 60_000, "two scheduled runs of each model");
    await mirrorSchedule(f.redis, { id: schedule.id, cron: "*/2 * * * * *", timezone: "UTC", enabled: false });
    const { cloud, local: localRuns } = await byModel();
    for (const run of [...cloud, ...localRuns]) {
      expect(run.results).toHaveLength(3);
      expect(run.results.every((r) => r.errorClass === null && r.ttftMs !== null && (r.outputTokens ?? 0) > 0 && r.costUsd !== null)).toBe(true);
    }
    // The tiny model's answers are gibberish (random weights): its quality is measured as 0, its speed for real.
    const localHeadline = readRunHeadline(localRuns[0]!.summary);
    expect(localHeadline.outputTokensPerSec!).toBeGreaterThan(10);
    expect(localHeadline.hardwarePerMTokUsd).toMatch(/^\d+\.\d{6}$/);
    expect(readRunHeadline(cloud[0]!.summary).hardwarePerMTokUsd).toBeNull();
    // Both models' requests are in the ledger, in the benchmarks project, priced.
    const project = await f.t.db.project.findUniqueOrThrow({ where: { orgId_slug: { orgId: f.orgId, slug: BENCHMARK_PROJECT_SLUG } } });
    const requestIds = [...cloud, ...localRuns].flatMap((r) => r.results.map((x) => x.requestId!));
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { requestId: { in: requestIds } } })) === requestIds.length, 15_000, "ledger rows");
    const rows = await f.t.db.usageEvent.findMany({ where: { requestId: { in: requestIds } } });
    expect(rows.every((r) => r.projectId === project.id && r.costUsd !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.servedModel))).toEqual(new Set(["gpt-5-mini", "local-tiny"]));
    // An admin adopts the measured hardware price as the model's price from now on.
    const adopted = await adoptHardwarePrice(f.t.db, f.redis, { kind: "token", actor: "test:admin", userId: null, email: null, orgId: f.orgId, role: "admin" }, localRuns[0]!.id);
    const price = await f.t.db.modelPrice.findUniqueOrThrow({ where: { id: adopted.id } });
    expect(price.outputPerMTok.toFixed(6)).toBe(localHeadline.hardwarePerMTokUsd);
    expect(price.source).toMatch(/^benchmark run /);
  });
});
