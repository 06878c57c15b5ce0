// After a scheduled run: compare its pass rate and p95 TTFT with the median
// of the schedule's last N finished runs of the same suite and model, and
// alert through the schedule's channels. One alert per regression episode:
// a run that is still as bad as the previous one does not page again.
import type { Redis } from "ioredis";
import { fireAlert } from "../alerts/fire-alert";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { detectBenchmarkRegression, type Regression as BenchmarkRegression } from "./metrics/detect-benchmark-regression";
import { readRunHeadline } from "./read-run-headline";

export async function checkBenchmarkRegression(db: DbClient, redis: Redis, runId: string): Promise<BenchmarkRegression[]> {
  const run = await db.benchmarkRun.findUnique({
    where: { id: runId },
    select: {
      id: true, orgId: true, suiteId: true, targetId: true, status: true, summary: true, createdAt: true, target: { select: { modelAlias: true } }, suite: { select: { name: true } },
      schedule: { select: { id: true, alertPassRateDropPoints: true, alertTtftP95RisePercent: true, alertBaselineRuns: true, channelIds: true } },
    },
  });
  const schedule = run?.schedule;
  if (!run || run.status !== "succeeded" || !schedule) return [];
  if (schedule.alertPassRateDropPoints === null && schedule.alertTtftP95RisePercent === null) return [];
  const earlier = await db.benchmarkRun.findMany({
    where: { suiteId: run.suiteId, targetId: run.targetId, status: "succeeded", createdAt: { lt: run.createdAt }, id: { not: run.id } },
    orderBy: { createdAt: "desc" },
    take: schedule.alertBaselineRuns,
    select: { summary: true },
  });
  const thresholds = {
    passRateDropPoints: schedule.alertPassRateDropPoints === null ? undefined : Number(schedule.alertPassRateDropPoints),
    ttftP95RisePercent: schedule.alertTtftP95RisePercent === null ? undefined : Number(schedule.alertTtftP95RisePercent),
  };
  const current = readRunHeadline(run.summary);
  const regressions = detectBenchmarkRegression({ current, history: earlier.map((r) => readRunHeadline(r.summary)), ...thresholds });
  const previous = earlier[0] ? ((earlier[0].summary as { regressions?: { metric: string }[] } | null)?.regressions ?? []) : [];
  await db.benchmarkRun.update({ where: { id: run.id }, data: { summary: { ...(run.summary as object), regressions } as unknown as Prisma.InputJsonValue } });
  for (const regression of regressions) {
    if (previous.some((p) => p.metric === regression.metric)) continue;
    await fireAlert(db, redis, {
      orgId: run.orgId,
      kind: "benchmark_regression",
      dedupeKey: `benchmark-regression:${run.id}:${regression.metric}`,
      message: describeRegression(run.suite.name, run.target.modelAlias, regression),
      details: { runId: run.id, scheduleId: schedule.id, model: run.target.modelAlias, ...regression } as unknown as Prisma.InputJsonValue,
    }, schedule.channelIds);
  }
  return regressions;
}

function describeRegression(suite: string, model: string, r: BenchmarkRegression): string {
  if (r.metric === "passRate") {
    return `Benchmark "${suite}" on ${model}: pass rate ${(r.current * 100).toFixed(1)}% is ${Math.abs(r.change).toFixed(1)} points below the median of recent runs (${(r.baselineMedian * 100).toFixed(1)}%)`;
  }
  return `Benchmark "${suite}" on ${model}: p95 TTFT ${r.current.toFixed(0)} ms is ${r.change.toFixed(0)}% above the median of recent runs (${r.baselineMedian.toFixed(0)} ms)`;
}
