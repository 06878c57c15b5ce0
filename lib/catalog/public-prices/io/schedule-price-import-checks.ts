// One daily price-import check for the deployment (a job scheduler is
// idempotent: every worker upserts the same one at start-up). The check is
// idempotent too: a day whose diff is the same as the pending one adds nothing.
import type { Redis } from "ioredis";
import { getQueue } from "../../../queues/get-queue";
import { QueueName } from "../../../queues/queue-names";

// 04:17 UTC: off the hour, after the night's usage rollups.
export const PRICE_IMPORT_CHECK_CRON = "17 4 * * *";

export async function schedulePriceImportChecks(connection: Redis, pattern = PRICE_IMPORT_CHECK_CRON): Promise<void> {
  await getQueue(QueueName.PriceImportCheck, connection).upsertJobScheduler("price-import-check", { pattern, tz: "UTC" }, {
    name: QueueName.PriceImportCheck,
    data: {},
    opts: { attempts: 3, backoff: { type: "exponential", delay: 60_000 }, removeOnComplete: { count: 20 }, removeOnFail: { count: 20 } },
  });
}
