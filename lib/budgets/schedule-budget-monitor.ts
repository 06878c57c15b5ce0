// One repeating monitor job for the whole deployment (a job scheduler is
// idempotent: every worker upserts the same one at start-up).
import type { Redis } from "ioredis";
import { getQueue } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";

export async function scheduleBudgetMonitor(connection: Redis, everyMs: number): Promise<void> {
  await getQueue(QueueName.BudgetMonitor, connection).upsertJobScheduler("budget-monitor", { every: everyMs }, {
    name: QueueName.BudgetMonitor,
    data: {},
    opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  });
}
