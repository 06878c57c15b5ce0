// Writes a batch of usage events: raw rows and the hourly and daily rollups in ONE SQL
// statement (hence one transaction). Idempotent per (request id, attempt):
// only rows that were actually inserted feed the rollups, so replaying a
// batch after a crash neither loses nor double-counts anything.
import { directPool, type DbClient } from "../db/create-db-client";
import { Prisma } from "../generated/prisma/client";
import { arrayElement, integerElement, textArrayLiteral } from "../db/pg-array-literal";
import { TRAFFIC_SUMS, trafficCellSql } from "./traffic-cell-sql";
import { usageEventSchema, type UsageEvent, type UsageEventInput } from "./usage-event-schema";

// The summed columns of each rollup; a conflicting row adds the new batch's sums to its own.
const HOURLY_SUMS = ["requests", "estimated_requests", "unpriced_requests", "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd", "latency_ms_sum", "ttft_ms_sum", "ttft_count"];
const TAG_HOURLY_SUMS = ["requests", "cost_usd"];
const DAILY_SUMS = [...HOURLY_SUMS, "error_requests"];
const TAG_DAILY_SUMS = ["requests", "estimated_requests", "unpriced_requests", "input_tokens", "cached_input_tokens", "output_tokens", "cost_usd"];

/** `col = alias.col + excluded.col, ...` for ON CONFLICT DO UPDATE. */
function addExcluded(alias: string, columns: string[]): Prisma.Sql {
  return Prisma.raw(columns.map((c) => `${c} = ${alias}.${c} + excluded.${c}`).join(", "));
}
const HOURLY_SET = addExcluded("r", HOURLY_SUMS);
const TAG_HOURLY_SET = addExcluded("t", TAG_HOURLY_SUMS);
const DAILY_SET = addExcluded("d", DAILY_SUMS);
const TAG_DAILY_SET = addExcluded("td", TAG_DAILY_SUMS);
const CELL = trafficCellSql("", "cache_hit");
// The org's time zone, joined once for the whole batch (the daily rollups key by the org-local day).
const LOCAL_DAY = "(occurred_at AT TIME ZONE coalesce(o.timezone, 'UTC'))::date";

/**
 * The inserted rows grouped once by every dimension any rollup keys by (the finest cell), with the
 * sums they all add up. Each rollup then groups these cells, a few per batch for steady traffic,
 * instead of scanning, sorting and joining every row again: with seven rollups that was most of the
 * statement's cost. Grouping is by the raw values (tags as the array), so each rollup still sees
 * exactly the rows it saw before, only pre-summed.
 */
const CELLS = Prisma.raw(`
    SELECT date_trunc('hour', occurred_at) AS hour, ${CELL.hour} AS utc_hour, ${LOCAL_DAY} AS local_day,
      ins.org_id, project_id, api_key_id, requested_model, served_model, tier, endpoint, status, usage_source,
      cost_usd IS NULL AS unpriced, tags, ${CELL.inputBand} AS input_band, ${CELL.kind} AS kind,
      count(*) AS n, sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
      sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens, sum(reasoning_tokens) AS reasoning_tokens,
      sum(cost_usd) AS cost_usd, sum(latency_ms) AS latency_ms, sum(ttft_ms) AS ttft_ms, count(ttft_ms) AS ttft_count
    FROM ins LEFT JOIN org o ON o.id = ins.org_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16`);
// Per cell, computed after grouping: the tag set's canonical text once per cell, not once per row and rollup.
const TRAFFIC_CELLS = Prisma.raw(`(SELECT cells.*, coalesce(api_key_id, '') AS api_key_cell, coalesce(tier::text, 'unknown') AS tier_cell, ${CELL.tagSet} AS tag_set FROM cells) AS c`);
const sumOf = (column: string) => `coalesce(sum(${column}), 0)`;

/**
 * The what-if traffic rollups (lib/usage/traffic-cell-sql.ts): the same cells, keyed by the UTC
 * hour or by the org-local day (and by day without the key), grouped and ordered like the others (no deadlocks).
 */
function trafficRollupInsert(table: string, period: "hour" | "day", periodKey: string, withKey = true): Prisma.Sql {
  const keys = `org_id, ${period}, project_id, ${withKey ? "api_key_id, " : ""}requested_model, served_model, tier, endpoint, input_band, tag_set, priced, kind`;
  const groups = withKey ? "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12" : "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11";
  return Prisma.sql`
      INSERT INTO ${Prisma.raw(table)} AS w (${Prisma.raw(keys)}, ${Prisma.raw(TRAFFIC_SUMS.join(", "))})
      SELECT ${Prisma.raw(`org_id, ${periodKey}, project_id, ${withKey ? "api_key_cell, " : ""}requested_model, served_model, tier_cell, endpoint, input_band, tag_set, NOT unpriced, kind`)},
        ${Prisma.raw(["n", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_usd", "latency_ms", "ttft_ms", "ttft_count"].map(sumOf).join(", "))}
      FROM ${TRAFFIC_CELLS}
      GROUP BY ${Prisma.raw(groups)}
      ORDER BY ${Prisma.raw(groups)}
      ON CONFLICT (${Prisma.raw(keys)}) DO UPDATE SET ${addExcluded("w", TRAFFIC_SUMS)}
      RETURNING 1`;
}

export interface RecordUsageResult {
  inserted: number;
  duplicates: number;
}

type ColumnType = "text" | "int" | "timestamptz" | "numeric" | "boolean" | "text[]";
type ColumnValue = string | number | boolean | null | readonly string[];
/** A recordset column of the ingest statement: its name in the SQL, its type, and the event's value for it. */
interface IngestColumn {
  name: string;
  type: ColumnType;
  value: (e: UsageEvent) => ColumnValue;
}

/**
 * The statement's input, one column per event field but routing (sent as `routingRef`, below). Each column
 * travels as one array parameter (`$n::type[]`), unnested server-side: Postgres parses that for half what
 * json_to_recordset cost it per row (about 8 against 17 µs a row, BENCHMARKS.md), and the worker builds it
 * for about what JSON.stringify cost. Exported for the test that keeps it in step with the schema.
 */
export const INGEST_COLUMNS: readonly IngestColumn[] = [
  { name: "requestId", type: "text", value: (e) => e.requestId },
  { name: "attempt", type: "int", value: (e) => e.attempt },
  { name: "occurredAt", type: "timestamptz", value: (e) => e.occurredAt },
  { name: "orgId", type: "text", value: (e) => e.orgId },
  { name: "projectId", type: "text", value: (e) => e.projectId },
  { name: "apiKeyId", type: "text", value: (e) => e.apiKeyId },
  { name: "endpoint", type: "text", value: (e) => e.endpoint },
  { name: "requestedModel", type: "text", value: (e) => e.requestedModel },
  { name: "servedModel", type: "text", value: (e) => e.servedModel },
  { name: "deploymentId", type: "text", value: (e) => e.deploymentId },
  { name: "tier", type: "text", value: (e) => e.tier },
  { name: "inputTokens", type: "int", value: (e) => e.inputTokens },
  { name: "cachedInputTokens", type: "int", value: (e) => e.cachedInputTokens },
  { name: "cacheWriteTokens", type: "int", value: (e) => e.cacheWriteTokens },
  { name: "outputTokens", type: "int", value: (e) => e.outputTokens },
  { name: "reasoningTokens", type: "int", value: (e) => e.reasoningTokens },
  { name: "costUsd", type: "numeric", value: (e) => e.costUsd },
  { name: "priceId", type: "text", value: (e) => e.priceId },
  { name: "usageSource", type: "text", value: (e) => e.usageSource },
  { name: "latencyMs", type: "int", value: (e) => e.latencyMs },
  { name: "ttftMs", type: "int", value: (e) => e.ttftMs },
  { name: "status", type: "text", value: (e) => e.status },
  { name: "httpStatus", type: "int", value: (e) => e.httpStatus },
  { name: "errorClass", type: "text", value: (e) => e.errorClass },
  { name: "tags", type: "text[]", value: (e) => e.tags },
  { name: "endUser", type: "text", value: (e) => e.endUser },
  { name: "streamed", type: "boolean", value: (e) => e.streamed },
];

/**
 * Each column's encoder: its value as an element of the column's array parameter. A row's tags (an array)
 * travel as the text of their own literal. Built once per column, so each runs monomorphic over a batch.
 */
function encoderFor({ type, value }: IngestColumn): (e: UsageEvent) => string {
  switch (type) {
    case "int":
      return (e) => integerElement(value(e) as number | null);
    case "boolean":
      return (e) => (value(e) ? "t" : "f");
    case "text[]":
      return (e) => {
        const tags = value(e) as readonly string[];
        return tags.length ? arrayElement(textArrayLiteral(tags)) : "NULL";
      };
    default:
      return (e) => arrayElement(value(e) as string | null);
  }
}
const ENCODERS = INGEST_COLUMNS.map(encoderFor);

// The unnest's column names (their types are the parameters' casts). A row's tags arrive as the text of
// their literal (a ragged text[][] cannot be one parameter) and are cast per row.
const RECORDSET = Prisma.raw([...INGEST_COLUMNS.map((c) => `"${c.name}"`), `"routingRef"`].join(", "));
const CAST = (c: IngestColumn) => (c.type === "text[]" ? "text[]" : `${c.type}[]`);

/**
 * The batch as one array literal per column, and the distinct routing records as a jsonb array: each row's
 * record becomes its index into them (most rows of a batch share a handful: the same rule, role and cache
 * status), so Postgres builds each distinct record's jsonb once instead of once per row (BENCHMARKS.md, the
 * readings of runs 8 and 9). Exported for the test that keeps it in step with the schema.
 */
export function ingestParameters(events: readonly UsageEvent[]): { columns: string[]; routingRefs: string; routings: string } {
  // Column by column (a map and a join each): about what JSON.stringify of the rows cost the worker.
  const columns = ENCODERS.map((encode) => `{${events.map(encode).join(",")}}`);
  const refs = new Map<string, number>();
  const distinct: string[] = [];
  const routingRefs = events.map((e) => {
    if (e.routing === null || e.routing === undefined) return "NULL";
    const text = JSON.stringify(e.routing);
    let ref = refs.get(text);
    if (ref === undefined) {
      ref = distinct.length;
      refs.set(text, ref);
      distinct.push(text);
    }
    return String(ref);
  });
  return { columns, routingRefs: `{${routingRefs.join(",")}}`, routings: `[${distinct.join(",")}]` };
}

/** Validates the events, then stores them. */
export async function recordUsageBatch(db: DbClient, input: UsageEventInput[]): Promise<RecordUsageResult> {
  return storeUsageEvents(db, input.map((e) => usageEventSchema.parse(e)));
}

/** Stores events that were already parsed with usageEventSchema (the stream consumer validates as it reads). */
export async function storeUsageEvents(db: DbClient, events: UsageEvent[]): Promise<RecordUsageResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0 };
  const { columns, routingRefs, routings } = ingestParameters(events);
  const unnested = Prisma.join([...columns.map((literal, i) => Prisma.sql`${literal}::${Prisma.raw(CAST(INGEST_COLUMNS[i]!))}`), Prisma.sql`${routingRefs}::int[]`]);
  const statement = Prisma.sql`
    WITH routings AS (
      SELECT ord - 1 AS ref, value AS routing FROM jsonb_array_elements(${routings}::jsonb) WITH ORDINALITY AS r(value, ord)
    ),
    input AS (
      SELECT x.*, rt.routing FROM unnest(${unnested}) AS x(${RECORDSET})
      LEFT JOIN routings rt ON rt.ref = x."routingRef"
    ),
    ins AS (
      INSERT INTO usage_event (request_id, attempt, occurred_at, org_id, project_id, api_key_id, endpoint,
        requested_model, served_model, deployment_id, tier, input_tokens, cached_input_tokens,
        cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, price_id, usage_source,
        latency_ms, ttft_ms, status, http_status, error_class, tags, end_user, streamed, routing)
      SELECT "requestId", attempt, "occurredAt", "orgId", "projectId", "apiKeyId", endpoint,
        "requestedModel", "servedModel", "deploymentId", tier::"Tier", "inputTokens", "cachedInputTokens",
        "cacheWriteTokens", "outputTokens", "reasoningTokens", round("costUsd", 9), "priceId",
        "usageSource"::"UsageSource", "latencyMs", "ttftMs", status::"RequestStatus", "httpStatus",
        "errorClass", coalesce(tags::text[], '{}'), "endUser", streamed, routing
      FROM input
      ON CONFLICT (request_id, attempt) DO NOTHING
      RETURNING occurred_at, org_id, project_id, api_key_id, requested_model, served_model, endpoint, tier, status, usage_source, cost_usd,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, latency_ms, ttft_ms, tags,
        coalesce(routing->'cache'->>'status' = 'hit', false) AS cache_hit
    ),
    -- The what-if simulator's cells (lib/usage/traffic-cell-sql.ts), in a fixed order like the others.
    cells AS (${CELLS}),
    traffic_rollup AS (${trafficRollupInsert("usage_rollup_traffic_hourly", "hour", "utc_hour")}),
    traffic_daily AS (${trafficRollupInsert("usage_rollup_traffic_daily", "day", "local_day")}),
    traffic_daily_no_key AS (${trafficRollupInsert("usage_rollup_traffic_daily_no_key", "day", "local_day", false)}),
    rollup AS (
      INSERT INTO usage_rollup_hourly AS r (hour, org_id, project_id, api_key_id, model, tier, status,
        requests, estimated_requests, unpriced_requests, input_tokens, cached_input_tokens,
        output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
      SELECT hour, org_id, project_id, coalesce(api_key_id, ''), served_model,
        coalesce(tier::text, 'unknown'), status, sum(n), coalesce(sum(n) FILTER (WHERE usage_source = 'estimated'), 0),
        coalesce(sum(n) FILTER (WHERE unpriced), 0), sum(input_tokens), sum(cached_input_tokens),
        sum(output_tokens), sum(reasoning_tokens), coalesce(sum(cost_usd), 0), sum(latency_ms),
        coalesce(sum(ttft_ms), 0), sum(ttft_count)
      FROM cells
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      -- A fixed order, so concurrent workers lock rollup rows in the same order (no deadlocks).
      ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (hour, org_id, project_id, api_key_id, model, tier, status) DO UPDATE SET
        ${HOURLY_SET}
      RETURNING 1
    ),
    tag_rollup AS (
      INSERT INTO usage_rollup_tag_hourly AS t (hour, org_id, project_id, tag, requests, cost_usd)
      SELECT hour, org_id, project_id, tag, sum(n), coalesce(sum(cost_usd), 0)
      FROM cells CROSS JOIN LATERAL unnest(tags) AS tag
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4
      ON CONFLICT (hour, org_id, project_id, tag) DO UPDATE SET
        ${TAG_HOURLY_SET}
      RETURNING 1
    ),
    daily AS (
      INSERT INTO usage_rollup_daily AS d (day, org_id, project_id, api_key_id, model, tier,
        requests, error_requests, estimated_requests, unpriced_requests, input_tokens, cached_input_tokens,
        output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
      SELECT local_day, org_id, project_id, coalesce(api_key_id, ''), served_model,
        coalesce(tier::text, 'unknown'), sum(n), coalesce(sum(n) FILTER (WHERE status <> 'ok'), 0), coalesce(sum(n) FILTER (WHERE usage_source = 'estimated'), 0),
        coalesce(sum(n) FILTER (WHERE unpriced), 0), sum(input_tokens), sum(cached_input_tokens),
        sum(output_tokens), sum(reasoning_tokens), coalesce(sum(cost_usd), 0), sum(latency_ms),
        coalesce(sum(ttft_ms), 0), sum(ttft_count)
      FROM cells
      GROUP BY 1, 2, 3, 4, 5, 6
      ORDER BY 2, 1, 3, 4, 5, 6
      ON CONFLICT (org_id, day, project_id, api_key_id, model, tier) DO UPDATE SET
        ${DAILY_SET}
      RETURNING 1
    ),
    tag_daily AS (
      INSERT INTO usage_rollup_tag_daily AS td (day, org_id, project_id, tag, api_key_id, model, tier,
        requests, estimated_requests, unpriced_requests, input_tokens, cached_input_tokens, output_tokens, cost_usd)
      SELECT local_day, org_id, project_id, tag, coalesce(api_key_id, ''),
        served_model, coalesce(tier::text, 'unknown'), sum(n), coalesce(sum(n) FILTER (WHERE usage_source = 'estimated'), 0),
        coalesce(sum(n) FILTER (WHERE unpriced), 0), sum(input_tokens), sum(cached_input_tokens),
        sum(output_tokens), coalesce(sum(cost_usd), 0)
      FROM cells CROSS JOIN LATERAL unnest(tags) AS tag
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      ORDER BY 2, 1, 4, 3, 5, 6, 7
      ON CONFLICT (org_id, day, tag, project_id, api_key_id, model, tier) DO UPDATE SET
        ${TAG_DAILY_SET}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM ins) AS inserted,
      (SELECT count(*) FROM rollup) + (SELECT count(*) FROM tag_rollup) + (SELECT count(*) FROM daily) + (SELECT count(*) FROM tag_daily) + (SELECT count(*) FROM traffic_rollup) + (SELECT count(*) FROM traffic_daily) + (SELECT count(*) FROM traffic_daily_no_key) AS touched`;
  // On a plain pg connection: the batch's literals go to Postgres as they are (see directPool).
  const { rows } = await directPool(db).query<{ inserted: string }>(statement.text, statement.values);
  const inserted = Number(rows[0]?.inserted ?? 0);
  return { inserted, duplicates: events.length - inserted };
}
