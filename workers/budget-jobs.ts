// Budget and alert processors: a threshold crossed (check one budget now),
// the periodic monitor, and alert deliveries (retried with backoff).
import { UnrecoverableError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { deliverAlert, type DeliveryEnv } from "../lib/alerts/deliver-alert";
import type { AnomalyOptions } from "../lib/alerts/scan-spend-anomalies";
import { evaluateBudgetAlerts } from "../lib/budgets/evaluate-budget-alerts";
import { runBudgetMonitor } from "../lib/budgets/run-budget-monitor";
import { jobPayloadSchemas, QueueName, type QueueName as QueueNameType } from "../lib/queues/queue-names";

function parse<Q extends QueueNameType>(queue: Q, job: Job) {
  const parsed = jobPayloadSchemas[queue].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${queue} payload: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function createBudgetCheckProcessor(db: DbClient, redis: Redis) {
  return async (job: Job) => {
    const { budgetId, at } = parse(QueueName.BudgetCheck, job) as { budgetId: string; at: string };
    return evaluateBudgetAlerts(db, redis, budgetId, new Date(at));
  };
}

export function createBudgetMonitorProcessor(db: DbClient, redis: Redis, log: Logger, anomalies: AnomalyOptions) {
  return async () => runBudgetMonitor(db, redis, log, new Date(), anomalies);
}

export function createAlertDeliveryProcessor(db: DbClient, env: DeliveryEnv) {
  return async (job: Job) => {
    const { alertId, channelId } = parse(QueueName.AlertDelivery, job) as { alertId: string; channelId: string };
    await deliverAlert(db, env, alertId, channelId);
  };
}
