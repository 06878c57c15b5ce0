// What the management API and the Models page accept for a model (no server imports: the forms use it too).
import { z } from "zod";
import { priceVersionSchema } from "./price-book-schema";

export const createModelSchema = z.object({
  alias: z.string().trim().min(1).max(128).regex(/^[\w.:/-]+$/, "letters, digits and . _ : / - only"),
  displayName: z.string().max(200).optional(),
  contextWindow: z.number().int().positive().max(100_000_000).optional().describe("Owners, admins and finance only: it caps the output tokens a request reserves against a budget"),
  tierOverride: z.enum(["premium", "mid", "economy"]).nullable().optional().describe("Owners, admins and finance only"),
  deployments: z.array(z.object({ providerId: z.string().min(1), upstreamModel: z.string().min(1).max(200), priority: z.number().int().min(0).max(100).default(0) })).min(1).max(10),
  price: priceVersionSchema.optional().describe("Owners, admins and finance only; without it the model is unpriced"),
});

export const updateModelSchema = z.object({
  displayName: z.string().max(200).nullable().optional(),
  tierOverride: z.enum(["premium", "mid", "economy"]).nullable().optional(),
  contextWindow: z.number().int().positive().max(100_000_000).nullable().optional().describe("null: unknown (reservations use the default output ceiling)"),
});

export type CreateModelInput = z.infer<typeof createModelSchema>;
export type UpdateModelInput = z.infer<typeof updateModelSchema>;
