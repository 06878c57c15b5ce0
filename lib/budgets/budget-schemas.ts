// What the management API and the budgets page accept for a budget.
import { z } from "zod";

const usdAmount = z.string().trim().regex(/^\d{1,12}(\.\d{1,6})?$/, "must be a USD amount like 250 or 99.50 (at most 6 decimals)")
  .refine((v) => Number(v) > 0, "must be more than 0");

export const budgetInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(["org", "project", "key", "tag"]),
  projectId: z.string().min(1).nullish(),
  apiKeyId: z.string().min(1).nullish(),
  tag: z.string().trim().min(1).max(64).nullish(),
  period: z.enum(["day", "week", "month"]),
  amountUsd: usdAmount,
  mode: z.enum(["soft", "hard"]).default("hard"),
  thresholds: z.array(z.number().int().min(1).max(1000)).max(10).default([50, 80, 100]),
  breachAction: z.enum(["block", "downgrade", "throttle"]).default("block"),
  downgradeToModel: z.string().trim().min(1).nullish(),
  downgradeToTier: z.enum(["premium", "mid", "economy"]).nullish(),
  throttleRpm: z.number().int().min(1).max(100_000).nullish(),
  channelIds: z.array(z.string().min(1)).max(20).default([]),
  enabled: z.boolean().default(true),
}).superRefine((b, ctx) => {
  const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (b.scope === "project" && !b.projectId) need("projectId", "a project budget needs projectId");
  if (b.scope === "key" && !b.apiKeyId) need("apiKeyId", "a key budget needs apiKeyId");
  if (b.scope === "tag" && !b.tag) need("tag", "a tag budget needs tag");
  if (b.breachAction === "downgrade" && !b.downgradeToModel && !b.downgradeToTier) need("downgradeToModel", "a downgrade budget needs downgradeToModel or downgradeToTier");
  if (b.breachAction === "throttle" && !b.throttleRpm) need("throttleRpm", "a throttle budget needs throttleRpm");
});

export type BudgetInput = z.infer<typeof budgetInputSchema>;
