// One cached answer as one Redis string: a small JSON header (who served it,
// what it cost) and the upstream's body bytes untouched after it. One value
// means one SET with its TTL (no hash half-written or half-expired), and the
// body is never decoded as text, so any bytes survive. Layout:
//   "TGRC" | version (1 byte) | header length (uint32 BE) | header JSON | body
// Anything that does not parse back to a valid entry is reported as corrupt
// (null): the store deletes it and answers a miss.
import { z } from "zod";
import type { TokenUsage } from "../../pricing/price-request";

export interface CachedResponse {
  /** The alias that produced the answer. */
  servedModel: string;
  deploymentId: string;
  /** Only successful answers are cached. */
  status: 200;
  contentType: string;
  /** The upstream's JSON answer exactly as it was sent to the client. */
  body: Buffer;
  usage: TokenUsage;
  /** What the original request cost (9-decimal USD string), null when it was unpriced: a hit reports it as saved. */
  costUsd: string | null;
  createdAt: Date;
}

const MAGIC = Buffer.from("TGRC", "latin1");
const VERSION = 1;
const PREAMBLE = MAGIC.length + 1 + 4;
/** A header is a few hundred bytes; anything claiming more is not ours. */
const MAX_HEADER_BYTES = 16_384;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const headerSchema = z.strictObject({
  servedModel: z.string().min(1).max(256),
  deploymentId: z.string().min(1).max(256),
  status: z.literal(200),
  contentType: z.string().min(1).max(256),
  usage: z.strictObject({ inputTokens: count, cachedInputTokens: count, cacheWriteTokens: count, outputTokens: count, reasoningTokens: count }),
  costUsd: z.string().regex(/^\d{1,20}\.\d{1,9}$/).nullable(), // COST below, the same pattern
  createdAtMs: z.number().int().min(0),
});

/** Throws when the entry itself is invalid (a caller's bug); the store catches it and skips the put. */
export function frameCacheEntry(entry: CachedResponse): Buffer {
  const header = headerSchema.parse({
    servedModel: entry.servedModel, deploymentId: entry.deploymentId, status: entry.status, contentType: entry.contentType,
    usage: entry.usage, costUsd: entry.costUsd, createdAtMs: entry.createdAt.getTime(),
  });
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt8(VERSION, MAGIC.length);
  preamble.writeUInt32BE(json.length, MAGIC.length + 1);
  return Buffer.concat([preamble, json, entry.body]);
}

/**
 * The entry, or null when the bytes are not a valid frame of this version. Runs on every hit, so the
 * header is checked by hand (the frame was written by frameCacheEntry, which validated it with the
 * schema): magic, version, length, then each field's type and range, and no field more or less.
 */
export function unframeCacheEntry(frame: Buffer): CachedResponse | null {
  if (frame.length < PREAMBLE || frame.compare(MAGIC, 0, MAGIC.length, 0, MAGIC.length) !== 0 || frame[MAGIC.length] !== VERSION) return null;
  const headerLength = frame.readUInt32BE(MAGIC.length + 1);
  if (headerLength > MAX_HEADER_BYTES || PREAMBLE + headerLength > frame.length) return null;
  let h: unknown;
  try {
    h = JSON.parse(frame.toString("utf8", PREAMBLE, PREAMBLE + headerLength));
  } catch {
    return null;
  }
  if (!isRecord(h) || Object.keys(h).length !== HEADER_FIELDS) return null;
  const { servedModel, deploymentId, status, contentType, usage, costUsd, createdAtMs } = h;
  if (!isName(servedModel) || !isName(deploymentId) || status !== 200 || !isName(contentType)) return null;
  if (!(costUsd === null || (typeof costUsd === "string" && COST.test(costUsd))) || !isCount(createdAtMs)) return null;
  if (!isRecord(usage) || Object.keys(usage).length !== 5) return null;
  const { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens } = usage;
  if (!isCount(inputTokens) || !isCount(cachedInputTokens) || !isCount(cacheWriteTokens) || !isCount(outputTokens) || !isCount(reasoningTokens)) return null;
  return {
    servedModel, deploymentId, status, contentType, costUsd,
    usage: { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens },
    body: frame.subarray(PREAMBLE + headerLength), createdAt: new Date(createdAtMs),
  };
}

const HEADER_FIELDS = Object.keys(headerSchema.shape).length;
const COST = /^\d{1,20}\.\d{1,9}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 256;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
