// The traffic a scenario re-routes, from the usage ledger: one query for the
// org and the half-open range [from, to) (the hourly traffic rollup, and raw
// rows for a partial first or last hour), into the cells of traffic-profile.ts (UTC
// hour x project x key x requested model x served model x tier x endpoint
// x input-size band x tag set x priced), with exact sums: cost stays
// numeric in SQL and becomes nano-dollars through usdToNano, never a float.
//
// Which rows. Every attempt row, since the ledger prices each attempt (a
// fallback's failed first try and its answer are two rows, two costs), so
// the baseline is the ledger's sum to the nano-dollar. Two kinds of row are
// kept out of the cells and only counted (NotRerouted), because moving them
// would say something false and leaving them out changes no cost:
//   - cache hits (routing.cache.status = 'hit'): the proxy records them at
//     $0 with no tokens (lib/proxy/settle-usage.ts fromCache); after a
//     re-route a cache would still answer them, and their speed and their
//     answer's quality are the cache's, not a model's.
//   - failed attempts without usage (status <> 'ok', no tokens, $0 or
//     unpriced): nothing to re-price, and counting them would weigh quality
//     and latency with requests no model answered (a fallback's request
//     would count twice).
// A failed attempt that did carry tokens (a stream cut part-way, settled
// from what was streamed) stays in: it cost money, and the target would
// have been paid for the same tokens. Unpriced rows (cost_usd IS NULL) stay
// in as unpriced cells: the simulator leaves them out of cost and counts
// them, never as $0.
//
// Speed. Whole UTC hours come from usage_rollup_traffic_hourly, which the
// ingest statement fills with exactly these groups (lib/usage/traffic-cell-sql.ts);
// only a partial first or last hour of the range is read from raw rows,
// with the same expressions. bench:whatif measures both against the raw scan.
import type { DbClient } from "@/lib/db/create-db-client";
import { Prisma } from "@/lib/generated/prisma/client";
import { trafficCellSql } from "@/lib/usage/traffic-cell-sql";
import { FOLDED, type FoldableDimension } from "../fold-dimensions";
import type { TrafficProfile } from "../traffic-profile";
import { trafficCellsFromRows, type NotRerouted, type TrafficRow } from "./traffic-cells-from-rows";

export interface TrafficScope {
  orgId: string;
  /** Null: the whole org; else only these projects' traffic. */
  projectIds: readonly string[] | null;
  from: Date;
  to: Date;
}

export interface LoadedTraffic {
  profile: TrafficProfile;
  notRerouted: NotRerouted;
  /** Groups the query returned (before merging paths that map to one endpoint). */
  groups: number;
}

const HOUR_MS = 3_600_000;
const RAW = trafficCellSql("", "coalesce(routing->'cache'->>'status' = 'hit', false)");
const SUMS = `requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count`;

/** The key columns of a group: a folded dimension becomes a constant (fold-dimensions.ts). */
function keyColumns(fold: ReadonlySet<FoldableDimension>, source: { apiKeyId: string; inputBand: string; tagSet: string; hour: string; tier: string; priced: string; kind: string }) {
  const folded = (d: FoldableDimension, column: string, constant: string) => (fold.has(d) ? constant : column);
  return [
    `${source.hour} AS hour`, "project_id", `${folded("apiKey", source.apiKeyId, "''")} AS api_key_id`, `${folded("requestedModel", "requested_model", `'${FOLDED}'`)} AS requested_model`,
    "served_model", `${source.tier} AS tier`, `${folded("endpoint", "endpoint", `'${FOLDED}'`)} AS endpoint`, `${folded("inputBand", source.inputBand, `'${FOLDED}'`)} AS input_band`,
    `${folded("tags", source.tagSet, "'[]'")} AS tag_set`, `${source.priced} AS priced`, `${source.kind} AS kind`,
  ].join(", ");
}
const GROUP_BY_KEYS = "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11";

/** The raw rows of an interval grouped into the rollup's columns. */
function rawGroups(fold: ReadonlySet<FoldableDimension>): Prisma.Sql {
  return Prisma.raw(`SELECT ${keyColumns(fold, RAW)},
        count(*) AS requests, sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
        sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens, sum(reasoning_tokens) AS reasoning_tokens,
        coalesce(sum(cost_usd), 0) AS cost_usd, sum(latency_ms) AS latency_ms_sum, coalesce(sum(ttft_ms), 0) AS ttft_ms_sum, count(ttft_ms) AS ttft_count
      FROM usage_event`);
}

/** The rollup's rows as groups: read as they are, or summed over the folded dimensions. */
function rollupGroups(fold: ReadonlySet<FoldableDimension>): { select: Prisma.Sql; groupBy: Prisma.Sql } {
  const columns = { hour: "hour", apiKeyId: "api_key_id", inputBand: "input_band", tagSet: "tag_set", tier: "tier", priced: "priced", kind: "kind" };
  if (fold.size === 0) return { select: Prisma.raw(`SELECT ${keyColumns(fold, columns)}, ${SUMS} FROM usage_rollup_traffic_hourly`), groupBy: Prisma.empty };
  // sum(bigint) is numeric in Postgres: back to bigint (exact; cost stays numeric).
  const sums = SUMS.split(", ").map((c) => (c === "cost_usd" ? `sum(${c}) AS ${c}` : `sum(${c})::bigint AS ${c}`)).join(", ");
  return { select: Prisma.raw(`SELECT ${keyColumns(fold, columns)}, ${sums} FROM usage_rollup_traffic_hourly`), groupBy: Prisma.raw(GROUP_BY_KEYS) };
}

/** The whole UTC hours inside [from, to) and the partial edges around them (each possibly empty). */
export function splitRangeByHour(from: Date, to: Date): { whole: [Date, Date] | null; edges: [Date, Date][] } {
  const wholeFrom = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
  const wholeTo = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  if (wholeFrom >= wholeTo) return { whole: null, edges: [[from, to]] };
  const edges: [Date, Date][] = [];
  if (from.getTime() < wholeFrom) edges.push([from, new Date(wholeFrom)]);
  if (wholeTo < to.getTime()) edges.push([new Date(wholeTo), to]);
  return { whole: [new Date(wholeFrom), new Date(wholeTo)], edges };
}

/** `fold`: dimensions no rule of the scenario reads (foldableDimensions), summed away in SQL. */
export async function loadTrafficProfile(db: DbClient, scope: TrafficScope, fold: readonly FoldableDimension[] = []): Promise<LoadedTraffic> {
  if (!(scope.from < scope.to)) throw new RangeError("loadTrafficProfile: from must be before to");
  const projects = scope.projectIds === null ? Prisma.empty : Prisma.sql`AND project_id = ANY(${[...scope.projectIds]}::text[])`;
  const { whole, edges } = splitRangeByHour(scope.from, scope.to);
  const folded = new Set(fold);
  const parts: Prisma.Sql[] = edges.map(([from, to]) => Prisma.sql`${rawGroups(folded)}
      WHERE org_id = ${scope.orgId} AND occurred_at >= ${from} AND occurred_at < ${to} ${projects} ${Prisma.raw(GROUP_BY_KEYS)}`);
  if (whole) {
    const rollup = rollupGroups(folded);
    parts.push(Prisma.sql`${rollup.select}
      WHERE org_id = ${scope.orgId} AND hour >= ${whole[0]} AND hour < ${whole[1]} ${projects} ${rollup.groupBy}`);
  }
  const rows = await db.$queryRaw<TrafficRow[]>`
    WITH g AS (${Prisma.join(parts, " UNION ALL ")})
    SELECT hour, project_id AS "projectId", NULLIF(api_key_id, '') AS "apiKeyId", requested_model AS "requestedModel", served_model AS "servedModel",
      NULLIF(tier, 'unknown') AS tier, endpoint, input_band AS "inputBand", ARRAY(SELECT jsonb_array_elements_text(tag_set::jsonb)) AS tags, priced, kind,
      requests, input_tokens AS "inputTokens", cached_input_tokens AS "cachedInputTokens", cache_write_tokens AS "cacheWriteTokens",
      output_tokens AS "outputTokens", reasoning_tokens AS "reasoningTokens", cost_usd::text AS "costUsd",
      latency_ms_sum AS "latencyMsSum", ttft_ms_sum AS "ttftMsSum", ttft_count AS "ttftCount"
    FROM g`;
  const { cells, notRerouted } = trafficCellsFromRows(rows);
  return { profile: { from: scope.from, to: scope.to, cells, folded: [...fold] }, notRerouted, groups: rows.length };
}
