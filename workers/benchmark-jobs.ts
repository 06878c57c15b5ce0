// Benchmark processors: one run start to finish (then its regression check),
// and a schedule's cron tick.
import { UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { checkBenchmarkRegression } from "../lib/benchmarks/check-benchmark-regression";
import { executeBenchmarkRun } from "../lib/benchmarks/execute-benchmark-run";
import { runScheduledBenchmarks } from "../lib/benchmarks/run-scheduled-benchmarks";
import { jobPayloadSchemas, QueueName } from "../lib/queues/queue-names";

export function createBenchmarkRunProcessor(deps: { db: DbClient; redis: Redis; log: Logger; proxyBaseUrl: string; shutdown: AbortSignal }) {
  return async (job: Job) => {
    const parsed = jobPayloadSchemas[QueueName.BenchmarkRun].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("invalid benchmark-run payload");
    const { runId } = parsed.data;
    try {
      const result = await executeBenchmarkRun(deps, runId);
      if (result.status === "succeeded") await checkBenchmarkRegression(deps.db, deps.redis, runId);
      return result;
    } catch (error) {
      const message = (error as Error).message.slice(0, 1000);
      deps.log.error({ runId, err: message }, "benchmark run failed");
      await deps.db.benchmarkRun
        .updateMany({ where: { id: runId, status: { in: ["queued", "running"] } }, data: { status: "failed", error: message, finishedAt: new Date() } })
        .catch(() => undefined);
      throw new UnrecoverableError(message);
    }
  };
}

export function createBenchmarkScheduleProcessor(deps: { db: DbClient; redis: Redis; log: Logger }) {
  return async (job: Job) => {
    const parsed = jobPayloadSchemas[QueueName.BenchmarkSchedule].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("invalid benchmark-schedule payload");
    return runScheduledBenchmarks(deps.db, deps.redis, deps.log, parsed.data.scheduleId);
  };
}
