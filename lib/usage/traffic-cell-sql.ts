// The dimensions of a what-if traffic cell (lib/whatif/traffic-profile.ts)
// as SQL over one usage_event row: written once here, used by the ingest
// statement that fills usage_rollup_traffic_hourly and by the raw-row scan
// the loader falls back to for partial hours, so both group a row the same
// way (tests/integration/whatif-traffic-rollup.test.ts checks they agree).
// The migration that created the table backfilled it with these same
// expressions, written out.
import { inputBandSql } from "../whatif/traffic-profile";

const COLUMN = /^[a-z_][a-z0-9_]*\.$|^$/;

/**
 * `prefix` is a trusted table alias with its dot ("ins.") or "". `cacheHit` is a boolean SQL
 * expression over the same row (the ingest statement computes it in RETURNING, a scan reads routing).
 */
export function trafficCellSql(prefix: string, cacheHit: string) {
  if (!COLUMN.test(prefix)) throw new RangeError(`trafficCellSql: not a table alias: ${prefix}`);
  const c = (name: string) => `${prefix}${name}`;
  return {
    // The UTC hour whatever the session's time zone.
    hour: `date_trunc('hour', ${c("occurred_at")} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    apiKeyId: `coalesce(${c("api_key_id")}, '')`,
    tier: `coalesce(${c("tier")}::text, 'unknown')`,
    inputBand: inputBandSql(c("input_tokens")),
    // Distinct tags in byte order as JSON array text: one canonical key per set.
    tagSet: `(SELECT coalesce(jsonb_agg(t ORDER BY t COLLATE "C"), '[]'::jsonb)::text FROM (SELECT DISTINCT t FROM unnest(${c("tags")}) AS t) AS tag_set)`,
    priced: `${c("cost_usd")} IS NOT NULL`,
    // What load-traffic-profile.ts explains: rows with usage are traffic; a cache hit or a
    // failure without usage stays where it is.
    kind: `CASE
          WHEN ${c("input_tokens")} > 0 OR ${c("output_tokens")} > 0 OR coalesce(${c("cost_usd")}, 0) <> 0 THEN 'traffic'
          WHEN ${cacheHit} THEN 'cache_hit'
          WHEN ${c("status")} <> 'ok' THEN 'no_usage'
          ELSE 'traffic'
        END`,
  };
}

/** The summed columns of both traffic rollups, as the ingest statement adds them. */
export const TRAFFIC_SUMS = [
  "requests", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_usd", "latency_ms_sum", "ttft_ms_sum", "ttft_count",
];
