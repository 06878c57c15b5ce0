// Drains usage event batches into Postgres (raw rows + rollups, one
// transaction, idempotent), so a retried or replayed job counts once.
import { UnrecoverableError, type Job } from "bullmq";
import type { DbClient } from "../lib/db/create-db-client";
import { jobPayloadSchemas, QueueName } from "../lib/queues/queue-names";
import { storeUsageEvents } from "../lib/usage/record-usage-batch";

export function createUsageIngestProcessor(db: DbClient) {
  return async (job: Job) => {
    const parsed = jobPayloadSchemas[QueueName.UsageIngest].safeParse(job.data);
    // A malformed payload can never succeed: fail it without retries.
    if (!parsed.success) throw new UnrecoverableError(`invalid usage-ingest payload: ${parsed.error.issues[0]?.message}`);
    return storeUsageEvents(db, parsed.data.events);
  };
}
