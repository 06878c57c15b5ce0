-- CreateTable
CREATE TABLE "usage_rollup_daily" (
    "day" DATE NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "error_requests" INTEGER NOT NULL DEFAULT 0,
    "estimated_requests" INTEGER NOT NULL DEFAULT 0,
    "unpriced_requests" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(24,9) NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "ttft_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "ttft_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_daily_pkey" PRIMARY KEY ("org_id","day","project_id","api_key_id","model","tier")
);

-- CreateTable
CREATE TABLE "usage_rollup_tag_daily" (
    "day" DATE NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "estimated_requests" INTEGER NOT NULL DEFAULT 0,
    "unpriced_requests" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(24,9) NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_tag_daily_pkey" PRIMARY KEY ("org_id","day","tag","project_id","api_key_id","model","tier")
);

-- CreateIndex
CREATE INDEX "usage_event_org_id_served_model_occurred_at_idx" ON "usage_event"("org_id", "served_model", "occurred_at" DESC);

-- Backfill from the raw rows, in each org's timezone (the ingest path keeps them current from here on).
INSERT INTO "usage_rollup_daily" (day, org_id, project_id, api_key_id, model, tier, requests, error_requests, estimated_requests,
  unpriced_requests, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
SELECT (e.occurred_at AT TIME ZONE o.timezone)::date, e.org_id, e.project_id, coalesce(e.api_key_id, ''), e.served_model,
  coalesce(e.tier::text, 'unknown'), count(*), count(*) FILTER (WHERE e.status <> 'ok'), count(*) FILTER (WHERE e.usage_source = 'estimated'),
  count(*) FILTER (WHERE e.cost_usd IS NULL), sum(e.input_tokens), sum(e.cached_input_tokens), sum(e.output_tokens),
  sum(e.reasoning_tokens), coalesce(sum(e.cost_usd), 0), sum(e.latency_ms), coalesce(sum(e.ttft_ms), 0), count(e.ttft_ms)
FROM "usage_event" e JOIN "org" o ON o.id = e.org_id
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "usage_rollup_tag_daily" (day, org_id, project_id, tag, api_key_id, model, tier, requests, estimated_requests,
  unpriced_requests, input_tokens, cached_input_tokens, output_tokens, cost_usd)
SELECT (e.occurred_at AT TIME ZONE o.timezone)::date, e.org_id, e.project_id, tag, coalesce(e.api_key_id, ''), e.served_model,
  coalesce(e.tier::text, 'unknown'), count(*), count(*) FILTER (WHERE e.usage_source = 'estimated'),
  count(*) FILTER (WHERE e.cost_usd IS NULL), sum(e.input_tokens), sum(e.cached_input_tokens), sum(e.output_tokens),
  coalesce(sum(e.cost_usd), 0)
FROM "usage_event" e JOIN "org" o ON o.id = e.org_id CROSS JOIN LATERAL unnest(e.tags) AS tag
GROUP BY 1, 2, 3, 4, 5, 6, 7;
