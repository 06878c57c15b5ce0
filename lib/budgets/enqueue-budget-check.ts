// Asks the worker to evaluate one budget's alerts now (a settle crossed a
// threshold). Job ids collapse bursts: one pending check per budget.
import type { Redis } from "ioredis";
import { enqueueJob } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";

export async function enqueueBudgetCheck(redis: Redis, budgetId: string, at: Date): Promise<void> {
  await enqueueJob(redis, QueueName.BudgetCheck, { budgetId, at: at.toISOString() }, `check-${budgetId}-${Math.floor(at.getTime() / 1000)}`);
}
