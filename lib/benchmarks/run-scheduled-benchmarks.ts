// A schedule's cron tick: start its suite against each of its models,
// except where a run of the same suite and model is still queued or
// running (one at a time; a slow run is not joined by a pile behind it).
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import type { Logger } from "../log/logger";
import { runConfigSchema } from "./run-config";
import { startBenchmarkRuns } from "./start-benchmark-runs";

export async function runScheduledBenchmarks(db: DbClient, redis: Redis, log: Logger, scheduleId: string) {
  const schedule = await db.benchmarkSchedule.findUnique({ where: { id: scheduleId }, select: { id: true, orgId: true, suiteId: true, modelAliases: true, config: true, enabled: true } });
  if (!schedule?.enabled) return { started: [], skipped: [] as string[] };
  const busy = await db.benchmarkRun.findMany({
    where: { suiteId: schedule.suiteId, status: { in: ["queued", "running"] }, target: { modelAlias: { in: schedule.modelAliases } } },
    select: { target: { select: { modelAlias: true } } },
  });
  const busyModels = new Set(busy.map((r) => r.target.modelAlias));
  const models = schedule.modelAliases.filter((m) => !busyModels.has(m));
  const skipped = schedule.modelAliases.filter((m) => busyModels.has(m));
  if (skipped.length > 0) log.info({ scheduleId, skipped }, "benchmark schedule: previous run still going, not started again");
  if (models.length === 0) return { started: [], skipped };
  const principal = { orgId: schedule.orgId, actor: `schedule:${schedule.id}`, userId: null };
  const { runs } = await startBenchmarkRuns(db, redis, principal, { suiteId: schedule.suiteId, models, config: runConfigSchema.parse(schedule.config) }, { trigger: "schedule", scheduleId: schedule.id });
  return { started: runs.map((r) => r.id), skipped };
}
