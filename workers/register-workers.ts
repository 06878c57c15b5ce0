// Every processor, registered in one place.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { QueueName } from "../lib/queues/queue-names";
import { createUsageIngestProcessor } from "./usage-ingest";

export function registerWorkers(deps: { db: DbClient; connection: Redis; log: Logger; concurrency: number }): Worker[] {
  const workers = [new Worker(QueueName.UsageIngest, createUsageIngestProcessor(deps.db), { connection: deps.connection, concurrency: deps.concurrency })];
  for (const worker of workers) {
    worker.on("failed", (job, err) => deps.log.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"));
    worker.on("error", (err) => deps.log.error({ queue: worker.name, err: err.message }, "worker error"));
  }
  return workers;
}
