// What the management API and the Models page accept for a model (no server imports: the forms use it too).
import { z } from "zod";
import { priceVersionSchema } from "./price-book-schema";

// A local deployment is priced by hardware: the machine's cost per hour and the share of the time it does
// useful work. Decimal strings (columns Decimal(14,6) and Decimal(5,4)); owners, admins and finance only.
export const hourlyCostUsd = z.string().regex(/^\d{1,8}(\.\d{1,6})?$/, "must be a decimal string in USD per hour, e.g. \"0.20\" (max 6 decimals)");
export const expectedUtilisation = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, "must be a decimal string above 0 and at most 1, e.g. \"0.5\" (max 4 decimals)")
  .refine((v) => !/^0(\.0*)?$/.test(v), "must be above 0 (a machine that never works has no price per token)");

const hardwareFields = {
  hourlyCostUsd: hourlyCostUsd.nullable().optional().describe("Local deployments only: USD per hour of the machine. Owners, admins and finance only"),
  expectedUtilisation: expectedUtilisation.nullable().optional().describe("Share of the time the machine does useful work, in (0, 1]; needs hourlyCostUsd. Owners, admins and finance only"),
};

export const createModelSchema = z.object({
  alias: z.string().trim().min(1).max(128).regex(/^[\w.:/-]+$/, "letters, digits and . _ : / - only"),
  displayName: z.string().max(200).optional(),
  contextWindow: z.number().int().positive().max(100_000_000).optional().describe("Owners, admins and finance only: it caps the output tokens a request reserves against a budget"),
  tierOverride: z.enum(["premium", "mid", "economy"]).nullable().optional().describe("Owners, admins and finance only"),
  deployments: z
    .array(
      z.object({ providerId: z.string().min(1), upstreamModel: z.string().min(1).max(200), priority: z.number().int().min(0).max(100).default(0), ...hardwareFields })
        .refine((d) => d.expectedUtilisation == null || d.hourlyCostUsd != null, { path: ["expectedUtilisation"], message: "needs hourlyCostUsd (the utilisation divides the machine's hourly cost)" }),
    )
    .min(1)
    .max(10),
  price: priceVersionSchema.optional().describe("Owners, admins and finance only; without it the model is unpriced"),
});

export const updateModelSchema = z.object({
  displayName: z.string().max(200).nullable().optional(),
  tierOverride: z.enum(["premium", "mid", "economy"]).nullable().optional(),
  contextWindow: z.number().int().positive().max(100_000_000).nullable().optional().describe("null: unknown (reservations use the default output ceiling)"),
  deployments: z
    .array(z.object({ id: z.string().min(1), ...hardwareFields }))
    .max(10)
    .refine((ds) => new Set(ds.map((d) => d.id)).size === ds.length, "each deployment at most once")
    .optional()
    .describe("Hardware pricing of existing deployments of this model, by id (null clears a field)"),
});

export type CreateModelInput = z.infer<typeof createModelSchema>;
export type UpdateModelInput = z.infer<typeof updateModelSchema>;
