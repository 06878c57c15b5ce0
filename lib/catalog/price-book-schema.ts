// The price book's JSON form, for export and import. Prices are decimal
// strings in USD per 1M tokens (at most 6 decimal places), never floats.
import { z } from "zod";

export const priceString = z.string().regex(/^\d{1,8}(\.\d{1,6})?$/, "must be a decimal string in USD per 1M tokens, e.g. \"0.25\" (max 6 decimals)");

export const priceVersionSchema = z.object({
  effectiveFrom: z.iso.datetime({ offset: true }),
  input: priceString,
  cachedInput: priceString.nullable().default(null),
  cacheWrite: priceString.nullable().default(null),
  output: priceString,
  reasoning: priceString.nullable().default(null),
  source: z.string().max(500).nullable().default(null),
});

export const priceBookSchema = z.object({
  version: z.literal(1),
  currency: z.literal("USD"),
  unit: z.literal("per_1m_tokens"),
  models: z
    .array(
      z.object({
        alias: z.string().trim().min(1).max(128),
        displayName: z.string().max(200).nullable().default(null),
        tierOverride: z.enum(["premium", "mid", "economy"]).nullable().default(null),
        prices: z.array(priceVersionSchema).max(500),
      }),
    )
    .max(5000),
});

export type PriceBook = z.infer<typeof priceBookSchema>;
export type PriceVersionInput = z.input<typeof priceVersionSchema>;
export type PriceVersion = z.infer<typeof priceVersionSchema>;
