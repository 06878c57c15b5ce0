// What a benchmark schedule accepts: a cron expression (validated by the
// parser BullMQ uses), an IANA timezone, the models, run options and the
// regression alert thresholds. No server imports: forms use it too.
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { runConfigSchema } from "./run-config";

const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const cronSchema = z
  .string()
  .trim()
  .min(9)
  .max(100)
  .superRefine((expr, ctx) => {
    if (expr.split(/\s+/).length !== 5) {
      ctx.addIssue({ code: "custom", message: "five fields: minute hour day-of-month month day-of-week (e.g. 0 * * * *)" });
      return;
    }
    try {
      CronExpressionParser.parse(expr);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `invalid cron expression: ${(error as Error).message}` });
    }
  });

const scheduleFields = {
  cron: cronSchema,
  timezone: z.string().max(64).refine(isTimezone, "an IANA timezone such as Europe/Paris").default("UTC"),
  models: z.array(z.string().trim().min(1).max(128)).min(1).max(10).refine((m) => new Set(m).size === m.length, "each model once"),
  config: runConfigSchema.default(runConfigSchema.parse({})),
  alertPassRateDropPoints: z.number().finite().min(0.1).max(100).nullable().optional().describe("Alert when the pass rate falls more than this many points below the median of the last runs"),
  alertTtftP95RisePercent: z.number().finite().min(1).max(10_000).nullable().optional().describe("Alert when p95 TTFT rises more than this percent above the median of the last runs"),
  alertBaselineRuns: z.number().int().min(1).max(50).default(5),
  channelIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  enabled: z.boolean().default(true),
};

export const createScheduleSchema = z.object({ suiteId: z.string().min(1).max(64), ...scheduleFields }).strict();
export const updateScheduleSchema = z
  .object({
    cron: scheduleFields.cron.optional(),
    timezone: z.string().max(64).refine(isTimezone, "an IANA timezone such as Europe/Paris").optional(),
    models: scheduleFields.models.optional(),
    config: runConfigSchema.optional(),
    alertPassRateDropPoints: scheduleFields.alertPassRateDropPoints,
    alertTtftP95RisePercent: scheduleFields.alertTtftP95RisePercent,
    alertBaselineRuns: z.number().int().min(1).max(50).optional(),
    channelIds: z.array(z.string().min(1).max(64)).max(20).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type CreateScheduleInput = z.output<typeof createScheduleSchema>;
export type UpdateScheduleInput = z.output<typeof updateScheduleSchema>;
