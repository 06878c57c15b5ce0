-- CreateTable
CREATE TABLE "usage_rollup_traffic_daily_no_key" (
    "day" DATE NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
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

    CONSTRAINT "usage_rollup_traffic_daily_no_key_pkey" PRIMARY KEY ("org_id","day","project_id","requested_model","served_model","tier","endpoint","input_band","tag_set","priced","kind")
);

-- Backfill from the daily traffic rollup, its key summed away (the ingest statement keeps it current from here on,
-- with the same day of each event).
INSERT INTO "usage_rollup_traffic_daily_no_key" (org_id, day, project_id, requested_model, served_model, tier,
  endpoint, input_band, tag_set, priced, kind, requests, input_tokens, cached_input_tokens, cache_write_tokens,
  output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
SELECT org_id, day, project_id, requested_model, served_model, tier, endpoint, input_band, tag_set, priced, kind,
  sum(requests), sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens),
  sum(cost_usd), sum(latency_ms_sum), sum(ttft_ms_sum), sum(ttft_count)
FROM "usage_rollup_traffic_daily"
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;

-- The planner's statistics for the backfilled rows now, not when autovacuum next comes by.
ANALYZE "usage_rollup_traffic_daily_no_key";
