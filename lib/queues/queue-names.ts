// Every queue Tollgate uses, with the payload schema of its jobs.
import { z } from "zod";
import { usageEventSchema } from "../usage/usage-event-schema";

export const QueueName = {
  UsageIngest: "usage-ingest",
  // A budget crossed a threshold: evaluate and fire its alerts now.
  BudgetCheck: "budget-check",
  // Every minute: reconcile counters with the ledger, thresholds, forecasts, anomalies.
  BudgetMonitor: "budget-monitor",
  // One alert to one channel, retried with backoff.
  AlertDelivery: "alert-delivery",
  // One benchmark run (a suite against one model), start to finish.
  BenchmarkRun: "benchmark-run",
  // A benchmark schedule's cron tick: start its runs unless the previous ones are still going.
  BenchmarkSchedule: "benchmark-schedule",
  // One what-if scenario run: load the traffic and measurements, simulate, store the result.
  WhatIfRun: "whatif-run",
  // Every few hours: keep each applied scenario's prediction error (lib/whatif/io/record-prediction-checks.ts).
  WhatIfPredictionCheck: "whatif-prediction-check",
  // Daily: each org's price book against the public price dataset, kept as a pending import to review (lib/catalog/public-prices/io/check-public-prices.ts).
  PriceImportCheck: "price-import-check",
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const jobPayloadSchemas = {
  [QueueName.UsageIngest]: z.object({ events: z.array(usageEventSchema).min(1).max(5000) }),
  [QueueName.BudgetCheck]: z.object({ budgetId: z.string().min(1), at: z.iso.datetime() }),
  [QueueName.BudgetMonitor]: z.object({}),
  [QueueName.AlertDelivery]: z.object({ alertId: z.string().min(1), channelId: z.string().min(1) }),
  [QueueName.BenchmarkRun]: z.object({ runId: z.string().min(1) }),
  [QueueName.BenchmarkSchedule]: z.object({ scheduleId: z.string().min(1) }),
  [QueueName.WhatIfRun]: z.object({ resultId: z.string().min(1) }),
  [QueueName.WhatIfPredictionCheck]: z.object({}),
  [QueueName.PriceImportCheck]: z.object({}),
} satisfies Record<QueueName, z.ZodType>;

// What producers pass (defaults not yet applied); processors parse it again.
export type JobPayload<Q extends QueueName> = z.input<(typeof jobPayloadSchemas)[Q]>;
