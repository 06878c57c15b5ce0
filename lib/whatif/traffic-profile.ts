// What the what-if simulator reads: the logged traffic of a time range,
// aggregated into cells. A cell is one GROUP BY key over usage_event (or an
// hourly rollup that keeps these dimensions):
//
//   hour (UTC, date_trunc('hour', occurred_at)) x project x API key x
//   requested model x served model x tier x endpoint x input-size band x
//   tag set x priced (cost_usd IS NOT NULL)
//
// with sums: requests, input / cached-input / cache-write / output /
// reasoning tokens, cost (nano-dollars, the ledger's stored per-request
// costs summed), latency and TTFT. Every rule condition of a scenario is a
// condition on one of these dimensions, so a cell is matched whole: the
// simulator never needs a raw row, and a 90-day scenario reads thousands of
// cells instead of millions of events (the I/O slice fills the profile).
//
// Input-size bands (on input_tokens, which include cached and cache-write
// tokens, as the ledger records them), half-open: [min, max)
//   "0-512"    0 <= input <   512
//   "512-2k"   512 <= input < 2,048
//   "2k-8k"    2,048 <= input < 8,192
//   "8k-32k"   8,192 <= input < 32,768
//   "32k+"     32,768 <= input
// A scenario rule's minInputTokens / maxInputTokens must be band edges
// (scenario-schema.ts), so a rule matches a band whole or not at all.
import type { Tier } from "@/lib/pricing/tier-for-price";
import { FOLDED, type TrafficProjection } from "./fold-dimensions";

export const INPUT_BANDS = [
  { id: "0-512", min: 0, max: 512 },
  { id: "512-2k", min: 512, max: 2048 },
  { id: "2k-8k", min: 2048, max: 8192 },
  { id: "8k-32k", min: 8192, max: 32_768 },
  { id: "32k+", min: 32_768, max: null },
] as const;
export type InputBandId = (typeof INPUT_BANDS)[number]["id"];
export type InputBand = (typeof INPUT_BANDS)[number];

/** The token counts a band may start or end at: 0, 512, 2048, 8192, 32768. */
export const INPUT_BAND_EDGES: readonly number[] = INPUT_BANDS.map((b) => b.min);

const BAND_BY_ID: ReadonlyMap<string, InputBand> = new Map(INPUT_BANDS.map((b) => [b.id, b]));

export function inputBandFor(inputTokens: number): InputBandId {
  for (let i = INPUT_BANDS.length - 1; i >= 0; i--) if (inputTokens >= INPUT_BANDS[i]!.min) return INPUT_BANDS[i]!.id;
  return INPUT_BANDS[0].id;
}

export function inputBand(id: InputBandId): InputBand {
  return BAND_BY_ID.get(id)!;
}

/**
 * The band as a SQL expression over an input-token column, for the GROUP BY that fills the
 * profile (one definition of the bands: this file). `column` is a trusted identifier.
 */
export function inputBandSql(column: string): string {
  if (!/^[a-z_][a-z0-9_.]*$/i.test(column)) throw new RangeError(`inputBandSql: not a column name: ${column}`);
  const whens = INPUT_BANDS.slice(0, -1).map((b) => `WHEN ${column} < ${b.max} THEN '${b.id}'`);
  return `CASE ${whens.join(" ")} ELSE '${INPUT_BANDS[INPUT_BANDS.length - 1]!.id}' END`;
}

/** Requests and their summed tokens: what a cell holds, and what a re-route moves. */
export interface TokenCounts {
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface TrafficCell extends TokenCounts {
  /** Start of the UTC hour the requests fell in; of their org-local day for a profile with dailyCells. */
  hour: Date;
  projectId: string;
  /** Null for requests without a key. */
  apiKeyId: string | null;
  requestedModel: string;
  /** The model that served (and was priced): the "source" a re-route starts from. */
  servedModel: string;
  tier: Tier | null;
  /** The routing name (chat.completions, responses, embeddings; lib/routing/route-endpoint-for-path.ts). */
  endpoint: string;
  /** FOLDED when no rule reads the band; the first band of its run between rule edges otherwise (fold-dimensions.ts). */
  inputBand: InputBandId | typeof FOLDED;
  /** The request's tags, sorted and without repeats (so equal sets group together). */
  tags: readonly string[];
  /** false: the ledger could not price these requests (cost_usd IS NULL); they are left out of cost, never counted as $0. */
  priced: boolean;
  /** Sum of the ledger's per-request costs (0n when not priced). */
  costNano: bigint;
  latencyMsSum: number;
  ttftMsSum: number;
  /** Requests that reported a TTFT (ttftMsSum is over these). */
  ttftCount: number;
}

export interface TrafficProfile {
  /** Half-open [from, to): cells hold the requests that occurred in it, by hour (the first and last hour may be partial). */
  from: Date;
  to: Date;
  cells: readonly TrafficCell[];
  /** What the profile was projected onto when loaded (fold-dimensions.ts); every dimension whole when absent. */
  projection?: TrafficProjection;
  /** Some cells span an org-local day (from the daily rollup) instead of an hour: `hour` is the day's start. */
  dailyCells?: boolean;
}

const COUNT_FIELDS = ["requests", "inputTokens", "cachedInputTokens", "cacheWriteTokens", "outputTokens", "reasoningTokens", "latencyMsSum", "ttftMsSum", "ttftCount"] as const;

/**
 * Refuses a cell the simulator cannot read honestly (a bug in the query that filled it), naming
 * the cell and field: counts are non-negative safe integers, cached and cache-write tokens fit in
 * the input, reasoning in the output, the band and hour agree with themselves.
 */
export function checkTrafficCell(cell: TrafficCell, index: number): void {
  const fail = (field: string, why: string) => {
    throw new RangeError(`traffic cell ${index}: ${field} ${why}`);
  };
  if (!(cell.hour instanceof Date) || Number.isNaN(cell.hour.getTime())) fail("hour", "is not a date");
  if (cell.hour.getTime() % 3_600_000 !== 0) fail("hour", "is not the start of an hour");
  for (const f of COUNT_FIELDS) if (!Number.isSafeInteger(cell[f]) || cell[f] < 0) fail(f, `must be a non-negative integer, got ${cell[f]}`);
  if (cell.requests === 0) fail("requests", "must be at least 1 (a cell holds requests)");
  if (cell.cachedInputTokens + cell.cacheWriteTokens > cell.inputTokens) fail("cachedInputTokens", "and cacheWriteTokens exceed inputTokens (input includes them)");
  if (cell.reasoningTokens > cell.outputTokens) fail("reasoningTokens", "exceed outputTokens (output includes them)");
  if (cell.ttftCount > cell.requests) fail("ttftCount", "exceeds requests");
  if (typeof cell.costNano !== "bigint" || cell.costNano < 0n) fail("costNano", "must be a non-negative bigint");
  if (!cell.priced && cell.costNano !== 0n) fail("costNano", "must be 0 for an unpriced cell");
  if (cell.inputBand !== FOLDED && !BAND_BY_ID.has(cell.inputBand)) fail("inputBand", `is not a band (${INPUT_BANDS.map((b) => b.id).join(", ")})`);
  for (let i = 1; i < cell.tags.length; i++) if (!(cell.tags[i - 1]! < cell.tags[i]!)) fail("tags", "must be sorted and without repeats");
}

export function checkTrafficProfile(profile: TrafficProfile): void {
  if (!(profile.from < profile.to)) throw new RangeError("traffic profile: from must be before to");
  profile.cells.forEach((cell, i) => {
    checkTrafficCell(cell, i);
    if (cell.hour.getTime() + 3_600_000 <= profile.from.getTime() || cell.hour >= profile.to) throw new RangeError(`traffic cell ${i}: hour ${cell.hour.toISOString()} is outside the profile's range`);
  });
}
