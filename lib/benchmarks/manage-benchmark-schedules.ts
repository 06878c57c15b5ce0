// Benchmark schedules: saved in Postgres (the truth) and mirrored as BullMQ
// job schedulers (one per schedule, so a cron tick enqueues one job and a
// worker that was down does not find a pile of missed ticks). The worker
// re-mirrors every schedule at start-up, so a flushed Redis heals itself.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { getQueue } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";
import type { CreateScheduleInput, UpdateScheduleInput } from "./schedule-schemas";
import { assertModelsServable } from "./start-benchmark-runs";

type Actor = Pick<Principal, "orgId" | "actor" | "userId">;

const scheduleSelect = {
  id: true, suiteId: true, cron: true, timezone: true, modelAliases: true, config: true, alertPassRateDropPoints: true, alertTtftP95RisePercent: true,
  alertBaselineRuns: true, channelIds: true, enabled: true, createdAt: true, updatedAt: true, suite: { select: { name: true } },
} as const;

const schedulerId = (scheduleId: string) => `benchmark-schedule-${scheduleId}`;

export async function mirrorSchedule(redis: Redis, schedule: { id: string; cron: string; timezone: string; enabled: boolean }): Promise<void> {
  const queue = getQueue(QueueName.BenchmarkSchedule, redis);
  if (!schedule.enabled) {
    await queue.removeJobScheduler(schedulerId(schedule.id));
    return;
  }
  await queue.upsertJobScheduler(
    schedulerId(schedule.id),
    { pattern: schedule.cron, tz: schedule.timezone },
    { name: QueueName.BenchmarkSchedule, data: { scheduleId: schedule.id }, opts: { attempts: 1, removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } } },
  );
}

/** Worker start-up: every enabled schedule has its job scheduler, and no scheduler outlives its schedule. */
export async function mirrorAllSchedules(db: DbClient, redis: Redis): Promise<number> {
  const schedules = await db.benchmarkSchedule.findMany({ select: { id: true, cron: true, timezone: true, enabled: true } });
  const queue = getQueue(QueueName.BenchmarkSchedule, redis);
  const known = new Set(schedules.map((s) => schedulerId(s.id)));
  for (const existing of await queue.getJobSchedulers()) {
    if (existing.key && !known.has(existing.key)) await queue.removeJobScheduler(existing.key);
  }
  for (const schedule of schedules) await mirrorSchedule(redis, schedule);
  return schedules.filter((s) => s.enabled).length;
}

async function assertChannels(db: DbClient, orgId: string, channelIds: string[]) {
  if (channelIds.length === 0) return;
  const found = await db.notificationChannel.count({ where: { orgId, id: { in: channelIds } } });
  if (found !== new Set(channelIds).size) throw new AppError("validation_failed", "channelIds: one or more alert channels do not exist", [{ field: "channelIds", message: "unknown channel" }]);
}

export async function listBenchmarkSchedules(db: DbClient, principal: Pick<Principal, "orgId">) {
  return db.benchmarkSchedule.findMany({ where: { orgId: principal.orgId }, orderBy: { createdAt: "asc" }, select: scheduleSelect });
}

export async function createBenchmarkSchedule(db: DbClient, redis: Redis, principal: Actor, input: CreateScheduleInput, requestId?: string) {
  const suite = await db.benchmarkSuite.findFirst({ where: { id: input.suiteId, orgId: principal.orgId }, select: { id: true } });
  if (!suite) throw new AppError("validation_failed", "suiteId: no such benchmark suite", [{ field: "suiteId", message: "no such suite" }]);
  await assertModelsServable(db, principal.orgId, input.models, "models");
  await assertChannels(db, principal.orgId, input.channelIds);
  const schedule = await db.$transaction(async (tx) => {
    const row = await tx.benchmarkSchedule.create({
      data: {
        orgId: principal.orgId, suiteId: input.suiteId, cron: input.cron, timezone: input.timezone, modelAliases: input.models,
        config: input.config as unknown as Prisma.InputJsonValue, alertPassRateDropPoints: input.alertPassRateDropPoints ?? null,
        alertTtftP95RisePercent: input.alertTtftP95RisePercent ?? null, alertBaselineRuns: input.alertBaselineRuns, channelIds: input.channelIds,
        enabled: input.enabled, createdById: principal.userId,
      },
      select: scheduleSelect,
    });
    await recordAudit(tx, principal, { action: "benchmark_schedule.create", entityType: "benchmark_schedule", entityId: row.id, after: input, requestId });
    return row;
  });
  await mirrorSchedule(redis, schedule);
  return schedule;
}

export async function updateBenchmarkSchedule(db: DbClient, redis: Redis, principal: Actor, scheduleId: string, input: UpdateScheduleInput, requestId?: string) {
  const before = await db.benchmarkSchedule.findFirst({ where: { id: scheduleId, orgId: principal.orgId }, select: scheduleSelect });
  if (!before) throw new AppError("not_found", "No such benchmark schedule");
  if (input.models) await assertModelsServable(db, principal.orgId, input.models, "models");
  if (input.channelIds) await assertChannels(db, principal.orgId, input.channelIds);
  const schedule = await db.$transaction(async (tx) => {
    const row = await tx.benchmarkSchedule.update({
      where: { id: scheduleId },
      data: {
        cron: input.cron, timezone: input.timezone, modelAliases: input.models, enabled: input.enabled, channelIds: input.channelIds,
        config: input.config as unknown as Prisma.InputJsonValue | undefined, alertBaselineRuns: input.alertBaselineRuns,
        alertPassRateDropPoints: input.alertPassRateDropPoints, alertTtftP95RisePercent: input.alertTtftP95RisePercent,
      },
      select: scheduleSelect,
    });
    await recordAudit(tx, principal, { action: "benchmark_schedule.update", entityType: "benchmark_schedule", entityId: scheduleId, before, after: input, requestId });
    return row;
  });
  await mirrorSchedule(redis, schedule);
  return schedule;
}

export async function deleteBenchmarkSchedule(db: DbClient, redis: Redis, principal: Actor, scheduleId: string, requestId?: string) {
  const before = await db.benchmarkSchedule.findFirst({ where: { id: scheduleId, orgId: principal.orgId }, select: scheduleSelect });
  if (!before) throw new AppError("not_found", "No such benchmark schedule");
  await db.$transaction(async (tx) => {
    await tx.benchmarkSchedule.delete({ where: { id: scheduleId } });
    await recordAudit(tx, principal, { action: "benchmark_schedule.delete", entityType: "benchmark_schedule", entityId: scheduleId, before, requestId });
  });
  await mirrorSchedule(redis, { ...before, enabled: false });
  return { id: scheduleId, deleted: true };
}
