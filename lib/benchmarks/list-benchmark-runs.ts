// Benchmark runs, newest first, with their live progress (requests done of
// total, elapsed, estimated time left) and the headline numbers of finished
// ones. Benchmarks are org-wide: every role reads them.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { readRunHeadline } from "./read-run-headline";

export const listRunsQuerySchema = z
  .object({
    suiteId: z.string().max(64).optional(),
    model: z.string().max(128).optional(),
    batchId: z.string().max(64).optional(),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const runSelect = {
  id: true, batchId: true, status: true, trigger: true, stopReason: true, error: true, requestsTotal: true, requestsDone: true, costUsd: true,
  createdAt: true, startedAt: true, finishedAt: true, scheduleId: true, summary: true, cancelRequestedAt: true,
  suite: { select: { id: true, name: true } }, target: { select: { modelAlias: true } },
} satisfies Prisma.BenchmarkRunSelect;

type RunRow = Prisma.BenchmarkRunGetPayload<{ select: typeof runSelect }>;

export function describeProgress(run: Pick<RunRow, "status" | "requestsDone" | "requestsTotal" | "startedAt" | "finishedAt">, now = new Date()) {
  const elapsedMs = run.startedAt ? (run.finishedAt ?? now).getTime() - run.startedAt.getTime() : 0;
  const remaining = Math.max(run.requestsTotal - run.requestsDone, 0);
  const etaMs = run.status === "running" && run.requestsDone > 0 ? Math.round((elapsedMs / run.requestsDone) * remaining) : null;
  return { done: run.requestsDone, total: run.requestsTotal, elapsedMs, etaMs };
}

function present(run: RunRow, now: Date) {
  const { summary, ...rest } = run;
  return { ...rest, model: run.target.modelAlias, costUsd: run.costUsd.toFixed(), progress: describeProgress(run, now), headline: summary ? readRunHeadline(summary) : null };
}

export async function listBenchmarkRuns(db: DbClient, principal: Pick<Principal, "orgId">, query: z.output<typeof listRunsQuerySchema>, now = new Date()) {
  const rows = await db.benchmarkRun.findMany({
    where: { orgId: principal.orgId, suiteId: query.suiteId, batchId: query.batchId, status: query.status, ...(query.model ? { target: { modelAlias: query.model } } : {}) },
    orderBy: { createdAt: "desc" },
    take: query.limit,
    select: runSelect,
  });
  return rows.map((r) => present(r, now));
}

export async function getBenchmarkRun(db: DbClient, principal: Pick<Principal, "orgId">, runId: string, now = new Date()) {
  const run = await db.benchmarkRun.findFirst({ where: { id: runId, orgId: principal.orgId }, select: { ...runSelect, config: true, definitions: true, suiteSnapshot: true } });
  if (!run) throw new AppError("not_found", "No such benchmark run");
  // The cases as they were sent (the suite may have changed since).
  return { ...present(run, now), summary: run.summary, config: run.config, definitions: run.definitions, suiteSnapshot: run.suiteSnapshot };
}

export const listResultsQuerySchema = z
  .object({
    outcome: z.enum(["all", "failed-checks", "errors"]).default("all"),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

export async function listBenchmarkResults(db: DbClient, principal: Pick<Principal, "orgId">, runId: string, query: z.output<typeof listResultsQuerySchema>) {
  const run = await db.benchmarkRun.findFirst({ where: { id: runId, orgId: principal.orgId }, select: { id: true } });
  if (!run) throw new AppError("not_found", "No such benchmark run");
  const where: Prisma.BenchmarkResultWhereInput = { runId, ...(query.outcome === "failed-checks" ? { passed: false } : query.outcome === "errors" ? { errorClass: { not: null } } : {}) };
  const rows = await db.benchmarkResult.findMany({ where, orderBy: [{ repeat: "asc" }, { sentAt: "asc" }], take: query.limit });
  return rows.map((r) => ({ ...r, costUsd: r.costUsd?.toFixed() ?? null, score: r.score === null ? null : Number(r.score) }));
}
