// What the management API and the rate-limits page accept for a policy (no server imports: the form uses it too).
import { z } from "zod";

const limit = (max: number) => z.number().int().min(1).max(max).nullish();

export const rateLimitInputSchema = z.object({
  scope: z.enum(["key", "project", "model"]),
  apiKeyId: z.string().min(1).nullish(),
  projectId: z.string().min(1).nullish(),
  modelAlias: z.string().min(1).nullish(),
  requestsPerMin: limit(1_000_000),
  tokensPerMin: limit(1_000_000_000),
  maxConcurrent: limit(100_000),
}).superRefine((p, ctx) => {
  const target = { key: "apiKeyId", project: "projectId", model: "modelAlias" } as const;
  if (!p[target[p.scope]]) ctx.addIssue({ code: "custom", path: [target[p.scope]], message: `a ${p.scope} limit needs ${target[p.scope]}` });
  if (!p.requestsPerMin && !p.tokensPerMin && !p.maxConcurrent) ctx.addIssue({ code: "custom", path: ["requestsPerMin"], message: "set at least one of requestsPerMin, tokensPerMin, maxConcurrent" });
});

export type RateLimitInput = z.infer<typeof rateLimitInputSchema>;
