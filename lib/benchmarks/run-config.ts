// The options of one benchmark run: how requests arrive (the load profile),
// how many times each case repeats, warm-up, and the limits that stop a run
// (max duration, cost cap). Objectives name the SLOs goodput counts against.
import { z } from "zod";

const usdAmount = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,9})?$/, "a USD amount like 0.50 (at most 9 decimals, below 1,000,000)")
  .refine((s) => Number(s) > 0, "must be above 0");

export const loadProfileSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sequential") }).strict(),
  z.object({ kind: z.literal("concurrency"), concurrency: z.number().int().min(1).max(256) }).strict(),
  // Requests start at a fixed rate (constant) or as a Poisson process (exponential gaps), never more than maxInFlight at once.
  z.object({ kind: z.literal("constant-rate"), ratePerSec: z.number().finite().min(0.01).max(5000), maxInFlight: z.number().int().min(1).max(1024).default(256) }).strict(),
  z.object({ kind: z.literal("poisson"), ratePerSec: z.number().finite().min(0.01).max(5000), maxInFlight: z.number().int().min(1).max(1024).default(256), seed: z.number().int().min(0).max(2 ** 31).optional() }).strict(),
]);
export type LoadProfile = z.output<typeof loadProfileSchema>;

export const objectivesSchema = z
  .object({
    ttftMs: z.number().finite().positive().max(600_000).optional(),
    tpotMs: z.number().finite().positive().max(600_000).optional(),
    e2eMs: z.number().finite().positive().max(3_600_000).optional(),
  })
  .strict();

export const runConfigSchema = z
  .object({
    profile: loadProfileSchema.default({ kind: "sequential" }),
    repeats: z.number().int().min(1).max(100).default(1),
    warmupRequests: z.number().int().min(0).max(100).default(1),
    maxDurationSec: z.number().int().min(1).max(24 * 3600).default(1800),
    // The run stops before it would spend more than this (checked against each answer's metered cost).
    costCapUsd: usdAmount.default("1.00"),
    // Per-request output limit unless a case sets its own.
    maxTokens: z.number().int().min(1).max(32_768).default(256),
    requestTimeoutSec: z.number().int().min(1).max(600).default(120),
    stream: z.boolean().default(true),
    objectives: objectivesSchema.default({}),
  })
  .strict();
export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;
