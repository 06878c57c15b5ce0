-- CreateTable
CREATE TABLE "usage_rollup_traffic_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "requested_model" TEXT NOT NULL,
    "served_model" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "input_band" TEXT NOT NULL,
    "tag_set" TEXT NOT NULL,
    "priced" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_write_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(24,9) NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "ttft_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "ttft_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_traffic_hourly_pkey" PRIMARY KEY ("org_id","hour","project_id","api_key_id","requested_model","served_model","tier","endpoint","input_band","tag_set","priced","kind")
);

-- Backfill from the raw rows with the expressions of lib/usage/traffic-cell-sql.ts (the ingest
-- statement keeps the table current from here on).
INSERT INTO "usage_rollup_traffic_hourly" (org_id, hour, project_id, api_key_id, requested_model, served_model, tier,
  endpoint, input_band, tag_set, priced, kind, requests, input_tokens, cached_input_tokens, cache_write_tokens,
  output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
SELECT e.org_id, date_trunc('hour', e.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', e.project_id, coalesce(e.api_key_id, ''), e.requested_model, e.served_model, coalesce(e.tier::text, 'unknown'),
  e.endpoint, CASE WHEN e.input_tokens < 512 THEN '0-512' WHEN e.input_tokens < 2048 THEN '512-2k' WHEN e.input_tokens < 8192 THEN '2k-8k' WHEN e.input_tokens < 32768 THEN '8k-32k' ELSE '32k+' END,
  (SELECT coalesce(jsonb_agg(t ORDER BY t COLLATE "C"), '[]'::jsonb)::text FROM (SELECT DISTINCT t FROM unnest(e.tags) AS t) AS tag_set),
  e.cost_usd IS NOT NULL,
  CASE
          WHEN e.input_tokens > 0 OR e.output_tokens > 0 OR coalesce(e.cost_usd, 0) <> 0 THEN 'traffic'
          WHEN coalesce(e.routing->'cache'->>'status' = 'hit', false) THEN 'cache_hit'
          WHEN e.status <> 'ok' THEN 'no_usage'
          ELSE 'traffic'
        END,
  count(*), sum(e.input_tokens), sum(e.cached_input_tokens), sum(e.cache_write_tokens), sum(e.output_tokens), sum(e.reasoning_tokens),
  coalesce(sum(e.cost_usd), 0), sum(e.latency_ms), coalesce(sum(e.ttft_ms), 0), count(e.ttft_ms)
FROM "usage_event" e
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
