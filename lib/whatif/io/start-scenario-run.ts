// Runs a scenario: checks it against the catalog as it is now (a model may
// have lost its price since the scenario was saved: 422, nothing queued),
// creates a queued result row (audited), and enqueues the whatif-run job.
// If the queue cannot take the job, the row is marked failed and the caller
// gets a 503, so no result waits forever.
import type { Redis } from "ioredis";
import type { Principal } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/audit/record-audit";
import type { DbClient } from "@/lib/db/create-db-client";
import { AppError } from "@/lib/http/app-error";
import { getQueue } from "@/lib/queues/get-queue";
import { QueueName } from "@/lib/queues/queue-names";
import { scenarioSchema } from "../scenario-schema";
import { assertScenarioMatchesCatalog, findVisibleScenario } from "./manage-scenarios";
import { recordScenarioFailure } from "./record-scenario-failure";

/** Transient failures (Postgres briefly away) are retried; bad input fails at once (workers/whatif-jobs.ts). */
export const WHATIF_RUN_ATTEMPTS = 3;

export async function startScenarioRun(db: DbClient, redis: Redis, principal: Principal, scenarioId: string, requestId?: string): Promise<{ resultId: string; scenarioId: string; status: "queued" }> {
  const row = await findVisibleScenario(db, principal, scenarioId);
  const parsed = scenarioSchema.safeParse(row.rules);
  if (!parsed.success) throw new AppError("conflict", "This scenario was stored in an older shape and cannot be run; create it again");
  await assertScenarioMatchesCatalog(db, principal.orgId, parsed.data);
  const result = await db.$transaction(async (tx) => {
    const created = await tx.scenarioResult.create({ data: { scenarioId: row.id, createdById: principal.userId }, select: { id: true } });
    await recordAudit(tx, principal, { action: "scenario.run", entityType: "scenario", entityId: row.id, after: { resultId: created.id, name: row.name }, requestId });
    return created;
  });
  try {
    await getQueue(QueueName.WhatIfRun, redis).add(
      QueueName.WhatIfRun,
      { resultId: result.id },
      { jobId: `whatif-${result.id}`, attempts: WHATIF_RUN_ATTEMPTS, backoff: { type: "exponential", delay: 2000 } },
    );
  } catch {
    await recordScenarioFailure(db, result.id, "The run could not be queued (the job queue is unavailable); run it again.");
    throw new AppError("unavailable", "The job queue is unavailable; the run was not started");
  }
  return { resultId: result.id, scenarioId: row.id, status: "queued" };
}
