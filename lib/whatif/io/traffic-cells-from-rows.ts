// The GROUP BY rows of load-traffic-profile.ts as the simulator's cells:
// the ledger's endpoint path mapped to its routing name, tags as a sorted
// set (JavaScript's order, which checkTrafficCell expects, not the
// database's collation), rows that map to one cell merged, sums checked to
// be exact integers, and the rows that do not re-route counted apart.
// Cells come out in one fixed order (hour, then the other dimensions): the
// latency sampling walks them in order, so the same ledger gives the same
// percentiles.
import { usdToNano } from "@/lib/money/nano-usd";
import type { Tier } from "@/lib/pricing/tier-for-price";
import { routeEndpointForPath } from "@/lib/routing/route-endpoint-for-path";
import { FOLDED } from "../fold-dimensions";
import { TIERS } from "../scenario-rule-parts";
import { INPUT_BANDS, type InputBandId, type TrafficCell } from "../traffic-profile";

/** What a group is: re-routable traffic, or a row that stays where it is whatever the scenario says. */
export const ROW_KINDS = ["traffic", "cache_hit", "no_usage"] as const;
export type RowKind = (typeof ROW_KINDS)[number];

type Count = bigint | number;

export interface TrafficRow {
  hour: Date;
  projectId: string;
  apiKeyId: string | null;
  requestedModel: string;
  servedModel: string;
  tier: string | null;
  endpoint: string;
  inputBand: string;
  tags: string[];
  priced: boolean;
  kind: string;
  requests: Count;
  inputTokens: Count;
  cachedInputTokens: Count;
  cacheWriteTokens: Count;
  outputTokens: Count;
  reasoningTokens: Count;
  /** sum(cost_usd) as exact decimal text ("0" for unpriced groups). */
  costUsd: string;
  latencyMsSum: Count;
  ttftMsSum: Count;
  ttftCount: Count;
}

export interface NotRerouted {
  /** Answered from the response cache: no model ran, $0 by construction, and a cache would answer them after a re-route too. */
  cacheHits: number;
  /** Attempts that failed before any usage (no tokens, $0 or unpriced): nothing to re-price, and no answer whose quality or latency counts. */
  failedWithoutUsage: number;
}

const BANDS: ReadonlySet<string> = new Set(INPUT_BANDS.map((b) => b.id));
const TIER_SET: ReadonlySet<string> = new Set(TIERS);

/** "/v1/chat/completions" -> "chat.completions"; a path no rule can name stays as it is (no endpoint condition matches it). */
export function endpointOfPath(path: string): string {
  return routeEndpointForPath(path.replace(/^\/v1(?=\/)/, "")) ?? path;
}

/** A tag list as a set: sorted in JavaScript's order, without repeats. */
export function tagSet(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

function count(value: Count, field: string): number {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`traffic row: ${field} is not a non-negative safe integer (${String(value)})`);
  return n;
}

function keyOf(c: Omit<TrafficCell, "requests" | "inputTokens" | "cachedInputTokens" | "cacheWriteTokens" | "outputTokens" | "reasoningTokens" | "costNano" | "latencyMsSum" | "ttftMsSum" | "ttftCount">): string {
  // The hour first, zero-padded, so sorting the keys sorts by time. NUL separates the fields:
  // no value from Postgres can hold one (text cannot), so the key is unambiguous.
  return `${String(c.hour.getTime()).padStart(15, "0")}\u0000${c.projectId}\u0000${c.apiKeyId ?? "\u0001"}\u0000${c.requestedModel}\u0000${c.servedModel}\u0000${c.tier ?? "\u0001"}\u0000${c.endpoint}\u0000${c.inputBand}\u0000${c.tags.join("\u0002")}\u0000${c.priced ? 1 : 0}`;
}

const NO_TAGS: string[] = [];

function memo<T>(cache: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}

export function trafficCellsFromRows(rows: readonly TrafficRow[]): { cells: TrafficCell[]; notRerouted: NotRerouted } {
  const notRerouted: NotRerouted = { cacheHits: 0, failedWithoutUsage: 0 };
  const cells = new Map<string, TrafficCell>();
  // A few distinct paths and tag lists recur in every row: map each once.
  const endpoints = new Map<string, string>();
  const tagSets = new Map<string, string[]>();
  for (const row of rows) {
    const requests = count(row.requests, "requests");
    if (row.kind === "cache_hit") {
      notRerouted.cacheHits += requests;
      continue;
    }
    if (row.kind === "no_usage") {
      notRerouted.failedWithoutUsage += requests;
      continue;
    }
    if (row.kind !== "traffic") throw new RangeError(`traffic row: unknown kind "${row.kind}"`);
    if (row.tier !== null && !TIER_SET.has(row.tier)) throw new RangeError(`traffic row: unknown tier "${row.tier}"`);
    if (row.inputBand !== FOLDED && !BANDS.has(row.inputBand)) throw new RangeError(`traffic row: unknown input band "${row.inputBand}"`);
    // One object per row, the cell itself (this loop runs once per group of a 90-day range).
    const next: TrafficCell = {
      hour: row.hour, projectId: row.projectId, apiKeyId: row.apiKeyId, requestedModel: row.requestedModel, servedModel: row.servedModel,
      tier: row.tier as Tier | null, endpoint: memo(endpoints, row.endpoint, endpointOfPath), inputBand: row.inputBand as InputBandId | typeof FOLDED,
      tags: row.tags.length === 0 ? NO_TAGS : memo(tagSets, row.tags.join("\u0000"), () => tagSet(row.tags)), priced: row.priced,
      requests,
      inputTokens: count(row.inputTokens, "inputTokens"),
      cachedInputTokens: count(row.cachedInputTokens, "cachedInputTokens"),
      cacheWriteTokens: count(row.cacheWriteTokens, "cacheWriteTokens"),
      outputTokens: count(row.outputTokens, "outputTokens"),
      reasoningTokens: count(row.reasoningTokens, "reasoningTokens"),
      costNano: usdToNano(row.costUsd),
      latencyMsSum: count(row.latencyMsSum, "latencyMsSum"),
      ttftMsSum: count(row.ttftMsSum, "ttftMsSum"),
      ttftCount: count(row.ttftCount, "ttftCount"),
    };
    const key = keyOf(next);
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, next);
      continue;
    }
    cell.requests = count(cell.requests + next.requests, "requests");
    cell.inputTokens = count(cell.inputTokens + next.inputTokens, "inputTokens");
    cell.cachedInputTokens = count(cell.cachedInputTokens + next.cachedInputTokens, "cachedInputTokens");
    cell.cacheWriteTokens = count(cell.cacheWriteTokens + next.cacheWriteTokens, "cacheWriteTokens");
    cell.outputTokens = count(cell.outputTokens + next.outputTokens, "outputTokens");
    cell.reasoningTokens = count(cell.reasoningTokens + next.reasoningTokens, "reasoningTokens");
    cell.latencyMsSum = count(cell.latencyMsSum + next.latencyMsSum, "latencyMsSum");
    cell.ttftMsSum = count(cell.ttftMsSum + next.ttftMsSum, "ttftMsSum");
    cell.ttftCount = count(cell.ttftCount + next.ttftCount, "ttftCount");
    cell.costNano += next.costNano;
  }
  const ordered = [...cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  return { cells: ordered, notRerouted };
}
