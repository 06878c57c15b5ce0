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
// with the same expressions. Whole org-local days come from the daily
// rollup, and from its copy without the key (usage_rollup_traffic_daily_no_key,
// 2.4x fewer rows) when no rule names a key: the projection folds every key
// away then, so both give the same cells. bench:whatif measures both against
// the raw scan.
import type { DbClient } from "@/lib/db/create-db-client";
import { Prisma } from "@/lib/generated/prisma/client";
import { trafficCellSql } from "@/lib/usage/traffic-cell-sql";
import { FOLDED, projectedBand, type TrafficProjection } from "../fold-dimensions";
import { planTrafficSpans, type LocalDay, type TrafficSpan } from "../plan-traffic-spans";
import { INPUT_BANDS } from "../traffic-profile";
import { PIECE_SETTINGS, readTrafficProfile, type LoadedTraffic, type TrafficPieceQuery, type TrafficPlan } from "./read-traffic-pieces";

export type { LoadedTraffic, TrafficPlan };

export interface TrafficScope {
  orgId: string;
  /** Null: the whole org; else only these projects' traffic. */
  projectIds: readonly string[] | null;
  from: Date;
  to: Date;
}

const HOUR_MS = 3_600_000;
const PIECE_MS = 7 * 24 * HOUR_MS;
// Whole days a week at a time too: smaller JSON texts, and two pieces in
// flight (read-traffic-pieces.ts) keep both of Postgres's summing and the parsing busy.
const PIECE_DAYS = 7;
const RAW = trafficCellSql("", "coalesce(routing->'cache'->>'status' = 'hit', false)");
const SUMS = `requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count`;

/** The key columns of a group, projected onto what the rules name (fold-dimensions.ts). */
function keyColumns(p: TrafficProjection, source: { apiKeyId: string; inputBand: string; tagSet: string; tier: string; priced: string; kind: string }): Prisma.Sql {
  const kept = (column: string, values: readonly string[], otherwise: string) =>
    values.length === 0 ? Prisma.raw(otherwise) : Prisma.sql`CASE WHEN ${Prisma.raw(column)} = ANY(${[...values]}::text[]) THEN ${Prisma.raw(column)} ELSE ${Prisma.raw(otherwise)} END`;
  const remapped = INPUT_BANDS.filter((b) => projectedBand(b.id, p.bandEdges) !== b.id);
  const band = p.bandEdges.length === 0 ? Prisma.raw(`'${FOLDED}'`)
    : remapped.length === 0 ? Prisma.raw(source.inputBand)
    : Prisma.raw(`CASE ${source.inputBand} ${remapped.map((b) => `WHEN '${b.id}' THEN '${projectedBand(b.id, p.bandEdges)}'`).join(" ")} ELSE ${source.inputBand} END`);
  const tags = p.tags.length === 0 ? Prisma.raw("'[]'")
    : Prisma.sql`(SELECT coalesce(jsonb_agg(x.t ORDER BY x.t COLLATE "C"), '[]'::jsonb)::text FROM jsonb_array_elements_text((${Prisma.raw(source.tagSet)})::jsonb) AS x(t) WHERE x.t = ANY(${[...p.tags]}::text[]))`;
  return Prisma.sql`project_id, ${kept(source.apiKeyId, p.apiKeyIds, "''")} AS api_key_id, ${kept("requested_model", p.requestedModels, `'${FOLDED}'`)} AS requested_model,
    served_model, ${Prisma.raw(source.tier)} AS tier, ${Prisma.raw(p.endpoints === "kept" ? "endpoint" : `'${FOLDED}'`)} AS endpoint, ${band} AS input_band,
    ${tags} AS tag_set, ${Prisma.raw(source.priced)} AS priced, ${Prisma.raw(source.kind)} AS kind`;
}
const GROUP_BY_KEYS = Prisma.raw("GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11");

/** The raw rows of an interval grouped into the rollup's columns. */
function rawGroups(p: TrafficProjection): Prisma.Sql {
  return Prisma.sql`SELECT ${Prisma.raw(RAW.hour)} AS hour, ${keyColumns(p, RAW)},
        count(*) AS requests, sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
        sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens, sum(reasoning_tokens) AS reasoning_tokens,
        coalesce(sum(cost_usd), 0) AS cost_usd, sum(latency_ms) AS latency_ms_sum, coalesce(sum(ttft_ms), 0) AS ttft_ms_sum, count(ttft_ms) AS ttft_count
      FROM usage_event`;
}

// sum(bigint) is numeric in Postgres: back to bigint (exact; cost stays numeric).
const ROLLUP_SUMS = Prisma.raw(SUMS.split(", ").map((c) => (c === "cost_usd" ? `sum(${c}) AS ${c}` : `sum(${c})::bigint AS ${c}`)).join(", "));
const ROLLUP_COLUMNS = { apiKeyId: "api_key_id", inputBand: "input_band", tagSet: "tag_set", tier: "tier", priced: "priced", kind: "kind" };

type TrafficRollup = "usage_rollup_traffic_hourly" | "usage_rollup_traffic_daily" | "usage_rollup_traffic_daily_no_key";

/** A rollup's rows summed into projected groups (hour: the SQL for the cell's start). */
function rollupGroups(p: TrafficProjection, table: TrafficRollup, hour: Prisma.Sql): Prisma.Sql {
  if (table === "usage_rollup_traffic_daily_no_key" && p.apiKeyIds.length > 0) throw new RangeError("rollupGroups: the rules name a key, which the rollup without keys cannot tell apart");
  return Prisma.sql`SELECT ${hour} AS hour, ${keyColumns(p, ROLLUP_COLUMNS)}, ${ROLLUP_SUMS} FROM ${Prisma.raw(table)}`;
}

/** The daily rollup a projection reads: the one without keys when no rule names a key. */
export function dailyRollupFor(p: TrafficProjection): "usage_rollup_traffic_daily" | "usage_rollup_traffic_daily_no_key" {
  return p.apiKeyIds.length === 0 ? "usage_rollup_traffic_daily_no_key" : "usage_rollup_traffic_daily";
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

/** Reading by org-local day where exact (plan-traffic-spans.ts); null: hours only (a local burst needs them). */
export interface ByDay {
  timeZone: string;
  /** When any price version of the catalog starts: a day with one inside is read by hour. */
  priceChanges: readonly Date[];
}

/** `projection`: what the scenario's rules can tell apart (projectionFor); the rest is summed away in SQL. */
export async function planTrafficPieces(db: DbClient, scope: TrafficScope, projection: TrafficProjection, byDay: ByDay | null = null): Promise<TrafficPlan> {
  if (!(scope.from < scope.to)) throw new RangeError("loadTrafficProfile: from must be before to");
  const projects = scope.projectIds === null ? Prisma.empty : Prisma.sql`AND project_id = ANY(${[...scope.projectIds]}::text[])`;
  const { whole, edges } = splitRangeByHour(scope.from, scope.to);
  const raw = ([from, to]: [Date, Date]) => Prisma.sql`${rawGroups(projection)}
      WHERE org_id = ${scope.orgId} AND occurred_at >= ${from} AND occurred_at < ${to} ${projects} ${GROUP_BY_KEYS}`;
  const hourly = rollupGroups(projection, "usage_rollup_traffic_hourly", Prisma.raw("hour"));
  const pieces: Prisma.Sql[] = [];
  const [first, last] = [edges.find(([f]) => !whole || f < whole[0]), edges.find(([f]) => whole && f >= whole[1])];
  if (first) pieces.push(raw(first));
  const spans: TrafficSpan[] = !whole ? [] : byDay ? planTrafficSpans(whole[0], whole[1], await localDaysOf(db, whole, byDay.timeZone), byDay.priceChanges) : [{ kind: "hours", from: whole[0], to: whole[1] }];
  let dailyCells = false;
  for (const span of spans) {
    if (span.kind === "days") {
      const daily = rollupGroups(projection, dailyRollupFor(projection), Prisma.sql`(day::timestamp AT TIME ZONE ${byDay!.timeZone})`);
      for (let i = 0; i < span.days.length; i += PIECE_DAYS) {
        // A span's days are consecutive (plan-traffic-spans.ts): a range the index can walk.
        const days = span.days.slice(i, i + PIECE_DAYS);
        pieces.push(Prisma.sql`${daily}
      WHERE org_id = ${scope.orgId} AND day BETWEEN ${days[0]}::date AND ${days.at(-1)}::date ${projects} ${GROUP_BY_KEYS}`);
      }
      dailyCells = true;
      continue;
    }
    // Hours a week at a time: one JSON text per piece stays tens of megabytes.
    for (let at = span.from.getTime(); at < span.to.getTime(); at += PIECE_MS) {
      const until = new Date(Math.min(at + PIECE_MS, span.to.getTime()));
      pieces.push(Prisma.sql`${hourly}
      WHERE org_id = ${scope.orgId} AND hour >= ${new Date(at)} AND hour < ${until} ${projects} ${GROUP_BY_KEYS}`);
    }
  }
  if (last) pieces.push(raw(last));
  return { from: scope.from, to: scope.to, projection, dailyCells, pieces: pieces.map(trafficPieceSql) };
}

export async function loadTrafficProfile(db: DbClient, scope: TrafficScope, projection: TrafficProjection, byDay: ByDay | null = null): Promise<LoadedTraffic> {
  return readTrafficProfile(await planTrafficPieces(db, scope, projection, byDay), (piece) => readPieceWithPrisma(db, piece));
}

/** The org-local days that touch the whole hours, with their midnights as instants (Postgres knows the zone rules). */
async function localDaysOf(db: DbClient, whole: [Date, Date], timeZone: string): Promise<LocalDay[]> {
  const rows = await db.$queryRaw<{ day: string; from: Date; to: Date }[]>`
    SELECT d::date::text AS day, (d AT TIME ZONE ${timeZone}) AS "from", ((d + interval '1 day') AT TIME ZONE ${timeZone}) AS "to"
    FROM generate_series((${whole[0]}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp, (${whole[1]}::timestamptz AT TIME ZONE ${timeZone})::date::timestamp, interval '1 day') AS d`;
  return rows;
}

// One piece's groups as ONE JSON text of arrays: Prisma turns a result row into an object
// value by value, which for 200,000 groups took 5x the query itself (bench:whatif); a single
// text and JSON.parse cost a fraction. Sums arrive as JSON numbers (trafficCellsFromRows
// refuses any that is not a safe integer), cost as exact decimal text.
function trafficPieceSql(piece: Prisma.Sql): TrafficPieceQuery {
  const sql = Prisma.sql`
    WITH g AS (${piece})
    SELECT coalesce(json_agg(json_build_array(
      (extract(epoch FROM hour) * 1000)::bigint, project_id, NULLIF(api_key_id, ''), requested_model, served_model, NULLIF(tier, 'unknown'), endpoint, input_band,
      tag_set::json, priced, kind, requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
      cost_usd::text, latency_ms_sum, ttft_ms_sum, ttft_count)), '[]')::text AS rows
    FROM g`;
  return { text: sql.text, values: sql.values };
}

async function readPieceWithPrisma(db: DbClient, piece: TrafficPieceQuery): Promise<string> {
  const answers = await db.$transaction([
    ...PIECE_SETTINGS.map((setting) => db.$executeRawUnsafe(setting)),
    db.$queryRawUnsafe<{ rows: string }[]>(piece.text, ...piece.values),
  ]);
  return (answers.at(-1) as { rows: string }[])[0]!.rows;
}
