// The traffic a scenario re-routes, from the usage ledger: ONE GROUP BY over
// usage_event for the org and the half-open range [from, to), bounded by the
// (org_id, occurred_at) index, into the cells of traffic-profile.ts (UTC
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
// Speed. The scan reads raw rows of the range (a 92-day cap in the scenario
// schema); a rollup keyed by these dimensions (the input-size band and the
// tag set are not in usage_rollup_hourly) is the next step for 10M-row
// ranges, measured by bench:whatif when it exists.
import type { DbClient } from "@/lib/db/create-db-client";
import { Prisma } from "@/lib/generated/prisma/client";
import { inputBandSql, type TrafficProfile } from "../traffic-profile";
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

const BAND = Prisma.raw(inputBandSql("input_tokens"));

export async function loadTrafficProfile(db: DbClient, scope: TrafficScope): Promise<LoadedTraffic> {
  if (!(scope.from < scope.to)) throw new RangeError("loadTrafficProfile: from must be before to");
  const projects = scope.projectIds === null ? Prisma.empty : Prisma.sql`AND project_id = ANY(${[...scope.projectIds]}::text[])`;
  const rows = await db.$queryRaw<TrafficRow[]>`
    WITH e AS (
      SELECT
        -- The UTC hour whatever the session's time zone.
        date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
        project_id, api_key_id, requested_model, served_model, tier::text AS tier, endpoint,
        ${BAND} AS input_band,
        ARRAY(SELECT DISTINCT t COLLATE "C" FROM unnest(tags) AS t ORDER BY 1) AS tag_set,
        cost_usd IS NOT NULL AS priced,
        CASE
          WHEN input_tokens > 0 OR output_tokens > 0 OR coalesce(cost_usd, 0) <> 0 THEN 'traffic'
          WHEN routing->'cache'->>'status' = 'hit' THEN 'cache_hit'
          WHEN status <> 'ok' THEN 'no_usage'
          ELSE 'traffic'
        END AS kind,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, latency_ms, ttft_ms
      FROM usage_event
      WHERE org_id = ${scope.orgId} AND occurred_at >= ${scope.from} AND occurred_at < ${scope.to} ${projects}
    )
    SELECT hour, project_id AS "projectId", api_key_id AS "apiKeyId", requested_model AS "requestedModel", served_model AS "servedModel",
      tier, endpoint, input_band AS "inputBand", tag_set AS tags, priced, kind,
      count(*) AS requests, sum(input_tokens) AS "inputTokens", sum(cached_input_tokens) AS "cachedInputTokens",
      sum(cache_write_tokens) AS "cacheWriteTokens", sum(output_tokens) AS "outputTokens", sum(reasoning_tokens) AS "reasoningTokens",
      coalesce(sum(cost_usd), 0)::text AS "costUsd", sum(latency_ms) AS "latencyMsSum", coalesce(sum(ttft_ms), 0) AS "ttftMsSum", count(ttft_ms) AS "ttftCount"
    FROM e
    GROUP BY hour, project_id, api_key_id, requested_model, served_model, tier, endpoint, input_band, tag_set, priced, kind`;
  const { cells, notRerouted } = trafficCellsFromRows(rows);
  return { profile: { from: scope.from, to: scope.to, cells }, notRerouted, groups: rows.length };
}
