// Cancels a run: a queued one ends at once; a running one is asked to stop
// (the worker sees it at its next progress write, lets in-flight requests
// finish and keeps what was measured).
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { getQueue } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";

export async function cancelBenchmarkRun(db: DbClient, redis: Redis, principal: Pick<Principal, "orgId" | "actor">, runId: string, requestId?: string) {
  const run = await db.benchmarkRun.findFirst({ where: { id: runId, orgId: principal.orgId }, select: { id: true, status: true } });
  if (!run) throw new AppError("not_found", "No such benchmark run");
  if (run.status !== "queued" && run.status !== "running") throw new AppError("conflict", `The run has already ended (${run.status})`);
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    // Only a run still queued ends here; the update is conditional so a worker picking it up concurrently wins cleanly.
    const ended = await tx.benchmarkRun.updateMany({ where: { id: runId, status: "queued" }, data: { status: "cancelled", stopReason: "cancelled", cancelRequestedAt: now, finishedAt: now } });
    if (ended.count === 0) await tx.benchmarkRun.update({ where: { id: runId }, data: { cancelRequestedAt: now } });
    await recordAudit(tx, principal, { action: "benchmark_run.cancel", entityType: "benchmark_run", entityId: runId, before: { status: run.status }, requestId });
    return { id: runId, status: ended.count > 0 ? "cancelled" : "running", cancelRequestedAt: now };
  });
  if (result.status === "cancelled") await getQueue(QueueName.BenchmarkRun, redis).remove(`run-${runId}`).catch(() => 0);
  return result;
}
