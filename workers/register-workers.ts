// Every processor, registered in one place.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { QueueName } from "../lib/queues/queue-names";
import { createOutboundAgent } from "../lib/alerts/outbound-agent";
import { decodeKey } from "../lib/env/env-fields";
import { createAlertDeliveryProcessor, createBudgetCheckProcessor, createBudgetMonitorProcessor } from "./budget-jobs";
import type { WorkerEnv } from "./env";
import { createUsageIngestProcessor } from "./usage-ingest";
import { createBenchmarkRunProcessor, createBenchmarkScheduleProcessor } from "./benchmark-jobs";
import { createPredictionCheckProcessor, createWhatIfRunProcessor } from "./whatif-jobs";
import { createPriceImportCheckProcessor } from "./price-import-jobs";

export function registerWorkers(deps: { db: DbClient; connection: Redis; log: Logger; env: WorkerEnv; shutdown?: AbortSignal }): Worker[] {
  const { db, connection, log, env } = deps;
  const shutdown = deps.shutdown ?? new AbortController().signal;
  const options = { connection, concurrency: env.TOLLGATE_WORKER_CONCURRENCY };
  const delivery = {
    encryptionKey: env.TOLLGATE_ENCRYPTION_KEY ? decodeKey(env.TOLLGATE_ENCRYPTION_KEY) : undefined,
    smtpUrl: env.TOLLGATE_SMTP_URL, mailFrom: env.TOLLGATE_ALERT_FROM, appUrl: env.NEXTAUTH_URL,
    allowPrivateUrls: env.TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS === "true",
    agent: createOutboundAgent(env.TOLLGATE_ALERTS_ALLOW_PRIVATE_URLS === "true"),
  };
  const anomalies = { hourlyFloorUsd: env.TOLLGATE_ANOMALY_FLOOR_HOURLY_USD, dailyFloorUsd: env.TOLLGATE_ANOMALY_FLOOR_DAILY_USD };
  const workers = [
    new Worker(QueueName.UsageIngest, createUsageIngestProcessor(db), options),
    new Worker(QueueName.BudgetCheck, createBudgetCheckProcessor(db, connection), options),
    // One monitor pass at a time across all workers.
    new Worker(QueueName.BudgetMonitor, createBudgetMonitorProcessor(db, connection, log, anomalies), { connection, concurrency: 1 }),
    new Worker(QueueName.AlertDelivery, createAlertDeliveryProcessor(db, delivery), options),
    // A run is long (minutes) and is its own load generator: few at once per process.
    new Worker(QueueName.BenchmarkRun, createBenchmarkRunProcessor({ db, redis: connection, log, proxyBaseUrl: env.TOLLGATE_PROXY_URL, shutdown }), { connection, concurrency: env.TOLLGATE_BENCHMARK_RUNS_PER_WORKER }),
    new Worker(QueueName.BenchmarkSchedule, createBenchmarkScheduleProcessor({ db, redis: connection, log }), { connection, concurrency: 1 }),
    // A simulation is CPU and memory for seconds: one at a time per process.
    new Worker(QueueName.WhatIfRun, createWhatIfRunProcessor({ db, databaseUrl: env.DATABASE_URL, log }), { connection, concurrency: 1 }),
    new Worker(QueueName.WhatIfPredictionCheck, createPredictionCheckProcessor({ db, log }), { connection, concurrency: 1 }),
    new Worker(QueueName.PriceImportCheck, createPriceImportCheckProcessor({ db, log }), { connection, concurrency: 1 }),
  ];
  for (const worker of workers) {
    worker.on("completed", (job, result) => {
      if (worker.name === QueueName.BudgetMonitor) log.debug({ result }, "budget monitor pass");
    });
    worker.on("failed", (job, err) => deps.log.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"));
    worker.on("error", (err) => deps.log.error({ queue: worker.name, err: err.message }, "worker error"));
  }
  return workers;
}
