// One repeating prediction-check job for the deployment (a job scheduler is
// idempotent: every worker upserts the same one at start-up). Every 6 hours:
// a check per policy and day is kept, so four passes a day only refresh it.
import type { Redis } from "ioredis";
import { getQueue } from "../../queues/get-queue";
import { QueueName } from "../../queues/queue-names";

export const PREDICTION_CHECK_EVERY_MS = 6 * 3_600_000;

export async function schedulePredictionChecks(connection: Redis, everyMs = PREDICTION_CHECK_EVERY_MS): Promise<void> {
  await getQueue(QueueName.WhatIfPredictionCheck, connection).upsertJobScheduler("whatif-prediction-check", { every: everyMs }, {
    name: QueueName.WhatIfPredictionCheck,
    data: {},
    opts: { attempts: 2, backoff: { type: "exponential", delay: 60_000 }, removeOnComplete: { count: 20 }, removeOnFail: { count: 20 } },
  });
}
