-- CreateTable
CREATE TABLE "usage_rollup_traffic_daily" (
    "day" DATE NOT NULL,
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

    CONSTRAINT "usage_rollup_traffic_daily_pkey" PRIMARY KEY ("org_id","day","project_id","api_key_id","requested_model","served_model","tier","endpoint","input_band","tag_set","priced","kind")
);

-- Backfill from the hourly traffic rollup, by each org's local day (the ingest statement keeps it current from here on,
-- from each event's own time). An hour start decides the day here, which is exact for whole-hour UTC offsets, and orgs in
-- other zones are never read from this table (load-traffic-profile.ts reads their hours).
INSERT INTO "usage_rollup_traffic_daily" (org_id, day, project_id, api_key_id, requested_model, served_model, tier,
  endpoint, input_band, tag_set, priced, kind, requests, input_tokens, cached_input_tokens, cache_write_tokens,
  output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
SELECT h.org_id, (h.hour AT TIME ZONE coalesce(o.timezone, 'UTC'))::date, h.project_id, h.api_key_id, h.requested_model, h.served_model, h.tier,
  h.endpoint, h.input_band, h.tag_set, h.priced, h.kind, sum(h.requests), sum(h.input_tokens), sum(h.cached_input_tokens), sum(h.cache_write_tokens),
  sum(h.output_tokens), sum(h.reasoning_tokens), sum(h.cost_usd), sum(h.latency_ms_sum), sum(h.ttft_ms_sum), sum(h.ttft_count)
FROM "usage_rollup_traffic_hourly" h LEFT JOIN "org" o ON o.id = h.org_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;
