// Starts a suite against one or more models: one run per model, sharing a
// batch id, each with the suite's cases as they are now and the metric
// definitions it will be computed with, queued for the worker.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { getQueue } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";
import { definitionsForRun } from "./metrics/metric-definitions";
import { runConfigSchema, type RunConfig } from "./run-config";
import { suiteDefinitionSchema } from "./suite-schema";

export const startRunsSchema = z
  .object({
    suiteId: z.string().min(1).max(64),
    models: z.array(z.string().trim().min(1).max(128)).min(1).max(10).refine((m) => new Set(m).size === m.length, "each model once"),
    config: runConfigSchema.default(runConfigSchema.parse({})),
  })
  .strict();
export type StartRunsInput = z.input<typeof startRunsSchema>;

export interface StartedRun {
  id: string;
  model: string;
  status: string;
}

export async function startBenchmarkRuns(
  db: DbClient,
  redis: Redis,
  principal: Pick<Principal, "orgId" | "actor" | "userId">,
  input: z.output<typeof startRunsSchema>,
  options: { requestId?: string; trigger?: "manual" | "schedule"; scheduleId?: string } = {},
): Promise<{ batchId: string; runs: StartedRun[] }> {
  const suite = await db.benchmarkSuite.findFirst({ where: { id: input.suiteId, orgId: principal.orgId }, select: { id: true, name: true, definition: true, judgeModel: true } });
  if (!suite) throw new AppError("not_found", "No such benchmark suite", { field: "suiteId" });
  const definition = suiteDefinitionSchema.parse(suite.definition);
  await assertModelsServable(db, principal.orgId, input.models, "models");
  if (suite.judgeModel && definition.cases.some((c) => c.checks.some((k) => k.type === "llm-rubric" && !k.provider))) {
    await assertModelsServable(db, principal.orgId, [suite.judgeModel], "judgeModel");
  }
  const config: RunConfig = input.config;
  const batchId = randomUUID();
  const requestsTotal = definition.cases.length * config.repeats;
  const runs = await db.$transaction(async (tx) => {
    const created: StartedRun[] = [];
    for (const model of input.models) {
      const target = await tx.benchmarkTarget.upsert({ where: { orgId_modelAlias: { orgId: principal.orgId, modelAlias: model } }, create: { orgId: principal.orgId, modelAlias: model }, update: {}, select: { id: true } });
      const run = await tx.benchmarkRun.create({
        data: {
          orgId: principal.orgId, suiteId: suite.id, targetId: target.id, batchId, trigger: options.trigger ?? "manual", scheduleId: options.scheduleId ?? null,
          config: config as unknown as Prisma.InputJsonValue, suiteSnapshot: definition as unknown as Prisma.InputJsonValue,
          definitions: definitionsForRun() as unknown as Prisma.InputJsonValue, requestsTotal, createdById: principal.userId,
        },
        select: { id: true, status: true },
      });
      created.push({ id: run.id, model, status: run.status });
    }
    await recordAudit(tx, principal, { action: "benchmark_run.start", entityType: "benchmark_suite", entityId: suite.id, after: { suite: suite.name, models: input.models, batchId, trigger: options.trigger ?? "manual", config }, requestId: options.requestId });
    return created;
  });
  const queue = getQueue(QueueName.BenchmarkRun, redis);
  // One attempt: a run that failed is recorded as failed, not silently re-run (and re-paid for).
  for (const run of runs) await queue.add(QueueName.BenchmarkRun, { runId: run.id }, { jobId: `run-${run.id}`, attempts: 1 });
  return { batchId, runs };
}

/** Every alias must be in the org's catalog with a deployment that can serve it. */
export async function assertModelsServable(db: DbClient, orgId: string, aliases: string[], field: string): Promise<void> {
  const models = await db.model.findMany({
    where: { orgId, alias: { in: aliases } },
    select: { alias: true, deployments: { where: { enabled: true, provider: { enabled: true } }, select: { id: true }, take: 1 } },
  });
  const servable = new Set(models.filter((m) => m.deployments.length > 0).map((m) => m.alias));
  const known = new Set(models.map((m) => m.alias));
  const issues = aliases.flatMap((alias, index) =>
    servable.has(alias) ? [] : [{ field: [field, ...(field === "models" ? [index] : [])].join("."), message: known.has(alias) ? `model "${alias}" has no enabled deployment` : `no model "${alias}" in the catalog` }],
  );
  if (issues.length > 0) throw new AppError("validation_failed", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
}
