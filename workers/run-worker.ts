// The worker (started by workers/index.ts): validates its env, checks Postgres and Redis, runs the
// BullMQ processors and closes them gracefully on SIGTERM/SIGINT (in-flight
// jobs finish; unfinished ones are picked up again by the next worker).
import { createDbClient } from "../lib/db/create-db-client";
import { createLogger } from "../lib/log/logger";
import { createRedis } from "../lib/redis/create-redis";
import { checkServicesReachable } from "../lib/web/check-services-reachable";
import { loadWorkerEnv } from "./env";
import { scheduleBudgetMonitor } from "../lib/budgets/schedule-budget-monitor";
import { schedulePredictionChecks } from "../lib/whatif/io/schedule-prediction-checks";
import { schedulePriceImportChecks } from "../lib/catalog/public-prices/io/schedule-price-import-checks";
import { registerWorkers } from "./register-workers";
import { mirrorAllSchedules } from "../lib/benchmarks/manage-benchmark-schedules";
import { startUsageStreamConsumer } from "./usage-stream-consumer";

export interface StopHook {
  /** Called once the worker can be closed; a signal held before then is replayed into it. */
  ready: (stop: (signal: string) => Promise<void>) => void;
}

export async function runWorker(hook: StopHook): Promise<void> {
  const env = loadWorkerEnv();
  await checkServicesReachable(env);
  const log = createLogger({ name: "tollgate-worker", level: env.TOLLGATE_LOG_LEVEL });
  const db = createDbClient(env.DATABASE_URL, { poolSize: 5 });
  const connection = createRedis(env.REDIS_URL);
  // Aborted on SIGTERM: benchmark runs stop starting requests, so closing the workers does not wait out a long run.
  const shutdownController = new AbortController();
  const workers = registerWorkers({ db, connection, log, env, shutdown: shutdownController.signal });
  await scheduleBudgetMonitor(connection, env.TOLLGATE_BUDGET_MONITOR_EVERY_MS);
  await schedulePredictionChecks(connection);
  await schedulePriceImportChecks(connection);
  // Not fatal: the queues work without it, and every schedule change mirrors itself again.
  await mirrorAllSchedules(db, connection).then(
    (schedules) => log.info({ schedules }, "benchmark schedules mirrored"),
    (error: unknown) => log.error({ err: (error as Error).message }, "could not mirror benchmark schedules into BullMQ"),
  );
  // Each usage stream consumer blocks on reads: each gets its own connection.
  const usageRedis = Array.from({ length: env.TOLLGATE_USAGE_CONSUMERS }, () => createRedis(env.REDIS_URL));
  const usageConsumers = usageRedis.map((redis, index) =>
    startUsageStreamConsumer({ redis, db, log, index, batchSize: env.TOLLGATE_USAGE_BATCH_SIZE, claimIdleMs: env.TOLLGATE_USAGE_CLAIM_IDLE_MS }),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping");
    shutdownController.abort();
    await Promise.all([...workers.map((w) => w.close()), ...usageConsumers.map((c) => c.stop())]);
    for (const redis of usageRedis) redis.disconnect();
    await db.$disconnect();
    connection.disconnect();
    log.info("worker stopped");
    process.exit(0);
  };
  log.info({ queues: workers.map((w) => w.name), streams: ["usage"] }, "worker started");
  hook.ready(shutdown);
}
