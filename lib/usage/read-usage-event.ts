// The ingest worker's reading of one usage event: usageEventSchema is the
// definition and the judge. Zod's parse costs about 3 µs an event and is the
// worker's largest allocator (its garbage collection was half the worker's
// main-thread time in bench:proxy), so a well-formed event takes a direct
// check that builds exactly what the schema would. Anything the check is not
// sure of goes to zod, which accepts, transforms or refuses it with its own
// messages. The check may refuse more than zod, never less
// (read-usage-event.test.ts compares both on generated events).
import { storableText } from "../db/storable-text";
import { DECIMAL_PATTERN, USAGE_SOURCES, USAGE_STATUSES, USAGE_TIERS, usageEventSchema, type UsageEvent } from "./usage-event-schema";

export type ReadUsageEvent = { success: true; data: UsageEvent } | { success: false; issues: string };

export function readUsageEvent(value: unknown): ReadUsageEvent {
  const data = wellFormedUsageEvent(value);
  if (data) return { success: true, data };
  const parsed = usageEventSchema.safeParse(value);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, issues: parsed.error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`).join("; ") };
}

const TIERS = new Set<string>(USAGE_TIERS);
const SOURCES = new Set<string>(USAGE_SOURCES);
const STATUSES = new Set<string>(USAGE_STATUSES);
// What the proxy writes (Date#toISOString); other offsets and precisions are zod's to judge.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The event as the schema would output it, or null when the direct check is not sure (zod decides then). */
export function wellFormedUsageEvent(value: unknown): UsageEvent | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const requestId = v.requestId;
  if (typeof requestId !== "string" || requestId.length < 1 || requestId.length > 100) return null;
  const occurredAt = v.occurredAt;
  // The proxy's own format, within the calendar (zod's pattern refuses 2026-02-30 too).
  if (typeof occurredAt !== "string" || !ISO_UTC.test(occurredAt) || !sameInstantText(occurredAt)) return null;
  const { orgId, projectId } = v;
  if (!nonEmpty(orgId) || !nonEmpty(projectId)) return null;
  const { endpoint, requestedModel, servedModel } = v;
  if (!nonEmpty(endpoint) || !nonEmpty(requestedModel) || !nonEmpty(servedModel)) return null;
  const { apiKeyId, deploymentId, priceId, tier, costUsd, usageSource, status, errorClass, endUser, streamed, routing } = v;
  if (!optional(apiKeyId, nonEmpty) || !optional(deploymentId, isString) || !optional(priceId, isString)) return null;
  if (!optional(tier, (t) => typeof t === "string" && TIERS.has(t))) return null;
  if (!(costUsd === null || (typeof costUsd === "string" && DECIMAL_PATTERN.test(costUsd)))) return null;
  if (!(usageSource === undefined || (typeof usageSource === "string" && SOURCES.has(usageSource)))) return null;
  if (typeof status !== "string" || !STATUSES.has(status)) return null;
  if (!optional(errorClass, isString) || !optional(endUser, isString)) return null;
  if (!(streamed === undefined || typeof streamed === "boolean")) return null;
  if (!optional(routing, (r) => typeof r === "object" && r !== null && !Array.isArray(r))) return null;
  const { attempt, inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens, latencyMs, ttftMs, httpStatus } = v;
  if (![attempt, inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens].every((n) => n === undefined || count(n))) return null;
  if (!count(latencyMs) || !optional(ttftMs, count)) return null;
  if (typeof httpStatus !== "number" || !Number.isSafeInteger(httpStatus) || httpStatus < 100 || httpStatus > 599) return null;
  const tags = v.tags === undefined ? [] : v.tags;
  if (!Array.isArray(tags) || tags.length > 20 || !tags.every(nonEmpty)) return null;
  return {
    requestId,
    attempt: (attempt as number | undefined) ?? 0,
    occurredAt,
    orgId: orgId as string,
    projectId: projectId as string,
    apiKeyId: (apiKeyId as string | null | undefined) ?? null,
    endpoint: storableText(endpoint as string, 200),
    requestedModel: storableText(requestedModel as string, 200),
    servedModel: storableText(servedModel as string, 200),
    deploymentId: (deploymentId as string | null | undefined) ?? null,
    tier: (tier as UsageEvent["tier"] | undefined) ?? null,
    inputTokens: (inputTokens as number | undefined) ?? 0,
    cachedInputTokens: (cachedInputTokens as number | undefined) ?? 0,
    cacheWriteTokens: (cacheWriteTokens as number | undefined) ?? 0,
    outputTokens: (outputTokens as number | undefined) ?? 0,
    reasoningTokens: (reasoningTokens as number | undefined) ?? 0,
    costUsd: costUsd as string | null,
    priceId: (priceId as string | null | undefined) ?? null,
    usageSource: (usageSource as UsageEvent["usageSource"] | undefined) ?? "reported",
    latencyMs: latencyMs as number,
    ttftMs: (ttftMs as number | null | undefined) ?? null,
    status: status as UsageEvent["status"],
    httpStatus,
    errorClass: typeof errorClass === "string" ? storableText(errorClass, 100) : null,
    tags: (tags as string[]).map((t) => storableText(t, 64)),
    endUser: typeof endUser === "string" ? storableText(endUser, 256) : null,
    streamed: (streamed as boolean | undefined) ?? false,
    routing: (routing as Record<string, unknown> | null | undefined) ?? null,
  };
}

const isString = (s: unknown): s is string => typeof s === "string";
const nonEmpty = (s: unknown): s is string => typeof s === "string" && s.length > 0;
const count = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
/** Absent or null (the schema's default is null), or passing `check`. */
const optional = (x: unknown, check: (x: unknown) => boolean) => x === undefined || x === null || check(x);

/** The calendar's limits on the digits ISO_UTC matched (what zod's datetime pattern also checks): no 2026-02-30, no 24:00. */
function sameInstantText(iso: string): boolean {
  const year = digits(iso, 0, 4), month = digits(iso, 5, 2), day = digits(iso, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= monthDays && digits(iso, 11, 2) <= 23 && digits(iso, 14, 2) <= 59 && digits(iso, 17, 2) <= 59;
}

function digits(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}
