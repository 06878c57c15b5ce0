// The usage event the proxy emits and the ingest worker stores: one per
// request attempt. Money travels as a decimal string, never a JS float.
import { z } from "zod";
import { storableText } from "../db/storable-text";

/** A plain decimal (money travels as one), and the values of the event's enums: shared with lib/usage/read-usage-event.ts. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
export const USAGE_TIERS = ["premium", "mid", "economy"] as const;
export const USAGE_SOURCES = ["reported", "estimated"] as const;
export const USAGE_STATUSES = ["ok", "client_error", "upstream_error", "rejected"] as const;

export const decimalString = z.string().regex(DECIMAL_PATTERN, "must be a decimal string");

const tokenCount = z.number().int().min(0);

// Text the client may influence is made storable (no NUL, no lone surrogate, bounded) rather than
// refused: an event that fails here can never succeed, and an odd `user` field is not worth losing usage over.
const storable = (max: number) => z.string().transform((s) => storableText(s, max));

// The proxy's route record (lib/routing/route-record.ts), stored as jsonb as it came: any JSON object is
// taken without copying it (z.record rebuilt every routed row's record, ~1.5 µs a row in the worker);
// Postgres refuses what jsonb cannot hold, and that one event is dead-lettered (store-isolating-poison).
const routingRecord = z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "must be an object");

export const usageEventSchema = z.object({
  requestId: z.string().min(1).max(100),
  attempt: z.number().int().min(0).default(0),
  occurredAt: z.iso.datetime({ offset: true }),
  orgId: z.string().min(1),
  projectId: z.string().min(1),
  apiKeyId: z.string().min(1).nullable().default(null),
  endpoint: z.string().min(1).pipe(storable(200)),
  requestedModel: z.string().min(1).pipe(storable(200)),
  servedModel: z.string().min(1).pipe(storable(200)),
  deploymentId: z.string().nullable().default(null),
  tier: z.enum(USAGE_TIERS).nullable().default(null),
  inputTokens: tokenCount.default(0),
  cachedInputTokens: tokenCount.default(0),
  cacheWriteTokens: tokenCount.default(0),
  outputTokens: tokenCount.default(0),
  reasoningTokens: tokenCount.default(0),
  // null = unpriced (no price known for the served model at that time).
  costUsd: decimalString.nullable(),
  priceId: z.string().nullable().default(null),
  usageSource: z.enum(USAGE_SOURCES).default("reported"),
  latencyMs: z.number().int().min(0),
  ttftMs: z.number().int().min(0).nullable().default(null),
  status: z.enum(USAGE_STATUSES),
  httpStatus: z.number().int().min(100).max(599),
  errorClass: storable(100).nullable().default(null),
  tags: z.array(z.string().min(1).pipe(storable(64))).max(20).default([]),
  endUser: storable(256).nullable().default(null),
  streamed: z.boolean().default(false),
  routing: routingRecord.nullable().default(null),
});

export type UsageEvent = z.infer<typeof usageEventSchema>;
export type UsageEventInput = z.input<typeof usageEventSchema>;
