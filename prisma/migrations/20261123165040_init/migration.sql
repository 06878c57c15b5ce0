-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('owner', 'admin', 'finance', 'engineer', 'viewer');

-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('cloud', 'local');

-- CreateEnum
CREATE TYPE "Tier" AS ENUM ('premium', 'mid', 'economy');

-- CreateEnum
CREATE TYPE "BudgetScope" AS ENUM ('org', 'project', 'key', 'tag');

-- CreateEnum
CREATE TYPE "BudgetPeriod" AS ENUM ('day', 'week', 'month');

-- CreateEnum
CREATE TYPE "BudgetMode" AS ENUM ('soft', 'hard');

-- CreateEnum
CREATE TYPE "BreachAction" AS ENUM ('block', 'downgrade', 'throttle');

-- CreateEnum
CREATE TYPE "RateLimitScope" AS ENUM ('key', 'project', 'model');

-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('webhook', 'slack', 'email', 'in_app');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('threshold', 'forecast', 'anomaly');

-- CreateEnum
CREATE TYPE "UsageSource" AS ENUM ('reported', 'estimated');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('ok', 'client_error', 'upstream_error', 'rejected');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "org" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "org_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "last_login_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_member" (
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_member_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hashed_key" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "management_token" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "name" TEXT NOT NULL,
    "hashed_token" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_by_id" TEXT,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "management_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "vendor" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "encrypted_credential" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment" (
    "id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "upstream_model" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "display_name" TEXT,
    "context_window" INTEGER,
    "modalities" TEXT[] DEFAULT ARRAY['text']::TEXT[],
    "tier" "Tier" NOT NULL,
    "tier_override" "Tier",
    "is_local" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_price" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "input_per_mtok" DECIMAL(14,6) NOT NULL,
    "cached_input_per_mtok" DECIMAL(14,6),
    "cache_write_per_mtok" DECIMAL(14,6),
    "output_per_mtok" DECIMAL(14,6) NOT NULL,
    "reasoning_per_mtok" DECIMAL(14,6),
    "source" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_price_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_policy" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT,
    "name" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "routing_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "BudgetScope" NOT NULL,
    "project_id" TEXT,
    "api_key_id" TEXT,
    "tag" TEXT,
    "period" "BudgetPeriod" NOT NULL,
    "amount_usd" DECIMAL(18,6) NOT NULL,
    "mode" "BudgetMode" NOT NULL DEFAULT 'soft',
    "thresholds" INTEGER[] DEFAULT ARRAY[50, 80, 100]::INTEGER[],
    "breach_action" "BreachAction" NOT NULL DEFAULT 'block',
    "downgrade_to_model" TEXT,
    "downgrade_to_tier" "Tier",
    "throttle_rpm" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_policy" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "scope" "RateLimitScope" NOT NULL,
    "project_id" TEXT,
    "api_key_id" TEXT,
    "model_alias" TEXT,
    "requests_per_min" INTEGER,
    "tokens_per_min" INTEGER,
    "max_concurrent" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rate_limit_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channel" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "encrypted_config" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_channel" (
    "budget_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,

    CONSTRAINT "budget_channel_pkey" PRIMARY KEY ("budget_id","channel_id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "budget_id" TEXT,
    "project_id" TEXT,
    "kind" "AlertKind" NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "period_start" TIMESTAMP(3),
    "threshold" INTEGER,
    "message" TEXT NOT NULL,
    "details" JSONB,
    "fired_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMP(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_event" (
    "id" BIGSERIAL NOT NULL,
    "request_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "api_key_id" TEXT,
    "endpoint" TEXT NOT NULL,
    "requested_model" TEXT NOT NULL,
    "served_model" TEXT NOT NULL,
    "deployment_id" TEXT,
    "tier" "Tier",
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cache_write_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "reasoning_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(20,9),
    "price_id" TEXT,
    "usage_source" "UsageSource" NOT NULL DEFAULT 'reported',
    "latency_ms" INTEGER NOT NULL,
    "ttft_ms" INTEGER,
    "status" "RequestStatus" NOT NULL,
    "http_status" INTEGER NOT NULL,
    "error_class" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "end_user" TEXT,
    "streamed" BOOLEAN NOT NULL DEFAULT false,
    "routing" JSONB,

    CONSTRAINT "usage_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_rollup_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
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

    CONSTRAINT "usage_rollup_hourly_pkey" PRIMARY KEY ("hour","org_id","project_id","api_key_id","model","tier","status")
);

-- CreateTable
CREATE TABLE "usage_rollup_tag_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "org_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(24,9) NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_tag_hourly_pkey" PRIMARY KEY ("hour","org_id","project_id","tag")
);

-- CreateTable
CREATE TABLE "benchmark_suite" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "cases" JSONB NOT NULL,
    "schedule" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "benchmark_suite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benchmark_target" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "model_alias" TEXT NOT NULL,
    "deployment_id" TEXT,
    "concurrency" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benchmark_run" (
    "id" TEXT NOT NULL,
    "suite_id" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "error" TEXT,
    "summary" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benchmark_result" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "ttft_ms" INTEGER,
    "inter_token_ms" DOUBLE PRECISION,
    "output_tokens_per_sec" DOUBLE PRECISION,
    "latency_ms" INTEGER,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(20,9),
    "quality_score" DECIMAL(5,4),
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "range_start" TIMESTAMP(3) NOT NULL,
    "range_end" TIMESTAMP(3) NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenario_result" (
    "id" TEXT NOT NULL,
    "scenario_id" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "baseline_cost_usd" DECIMAL(24,9),
    "simulated_cost_usd" DECIMAL(24,9),
    "quality_delta" DECIMAL(6,4),
    "latency_delta_ms" INTEGER,
    "details" JSONB,
    "computed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "org_slug_key" ON "org"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_org_id_user_id_key" ON "membership"("org_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_org_id_slug_key" ON "project"("org_id", "slug");

-- CreateIndex
CREATE INDEX "project_member_user_id_idx" ON "project_member"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hashed_key_key" ON "api_key"("hashed_key");

-- CreateIndex
CREATE INDEX "api_key_project_id_idx" ON "api_key"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "management_token_hashed_token_key" ON "management_token"("hashed_token");

-- CreateIndex
CREATE INDEX "management_token_org_id_idx" ON "management_token"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_org_id_name_key" ON "provider"("org_id", "name");

-- CreateIndex
CREATE INDEX "deployment_model_id_idx" ON "deployment"("model_id");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_provider_id_upstream_model_key" ON "deployment"("provider_id", "upstream_model");

-- CreateIndex
CREATE UNIQUE INDEX "model_org_id_alias_key" ON "model"("org_id", "alias");

-- CreateIndex
CREATE UNIQUE INDEX "model_price_model_id_effective_from_key" ON "model_price"("model_id", "effective_from");

-- CreateIndex
CREATE INDEX "routing_policy_org_id_priority_idx" ON "routing_policy"("org_id", "priority");

-- CreateIndex
CREATE INDEX "budget_org_id_idx" ON "budget"("org_id");

-- CreateIndex
CREATE INDEX "budget_project_id_idx" ON "budget"("project_id");

-- CreateIndex
CREATE INDEX "rate_limit_policy_org_id_idx" ON "rate_limit_policy"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_dedupe_key_key" ON "alert"("dedupe_key");

-- CreateIndex
CREATE INDEX "alert_org_id_fired_at_idx" ON "alert"("org_id", "fired_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_alert_id_channel_id_key" ON "alert_delivery"("alert_id", "channel_id");

-- CreateIndex
CREATE INDEX "usage_event_occurred_at_idx" ON "usage_event" USING BRIN ("occurred_at");

-- CreateIndex
CREATE INDEX "usage_event_org_id_occurred_at_idx" ON "usage_event"("org_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "usage_event_project_id_occurred_at_idx" ON "usage_event"("project_id", "occurred_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "usage_event_request_id_attempt_key" ON "usage_event"("request_id", "attempt");

-- CreateIndex
CREATE INDEX "usage_rollup_hourly_org_id_hour_idx" ON "usage_rollup_hourly"("org_id", "hour");

-- CreateIndex
CREATE INDEX "usage_rollup_hourly_project_id_hour_idx" ON "usage_rollup_hourly"("project_id", "hour");

-- CreateIndex
CREATE INDEX "usage_rollup_tag_hourly_org_id_hour_idx" ON "usage_rollup_tag_hourly"("org_id", "hour");

-- CreateIndex
CREATE INDEX "benchmark_run_target_id_created_at_idx" ON "benchmark_run"("target_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_result_run_id_case_id_key" ON "benchmark_result"("run_id", "case_id");

-- CreateIndex
CREATE INDEX "scenario_result_scenario_id_created_at_idx" ON "scenario_result"("scenario_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_org_id_created_at_idx" ON "audit_log"("org_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_org_id_entity_type_entity_id_idx" ON "audit_log"("org_id", "entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_member" ADD CONSTRAINT "project_member_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_member" ADD CONSTRAINT "project_member_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "management_token" ADD CONSTRAINT "management_token_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "management_token" ADD CONSTRAINT "management_token_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider" ADD CONSTRAINT "provider_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model" ADD CONSTRAINT "model_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_price" ADD CONSTRAINT "model_price_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_policy" ADD CONSTRAINT "routing_policy_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_policy" ADD CONSTRAINT "routing_policy_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget" ADD CONSTRAINT "budget_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget" ADD CONSTRAINT "budget_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget" ADD CONSTRAINT "budget_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_policy" ADD CONSTRAINT "rate_limit_policy_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_policy" ADD CONSTRAINT "rate_limit_policy_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_policy" ADD CONSTRAINT "rate_limit_policy_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_channel" ADD CONSTRAINT "notification_channel_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_channel" ADD CONSTRAINT "budget_channel_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_channel" ADD CONSTRAINT "budget_channel_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_suite" ADD CONSTRAINT "benchmark_suite_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_target" ADD CONSTRAINT "benchmark_target_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_run" ADD CONSTRAINT "benchmark_run_suite_id_fkey" FOREIGN KEY ("suite_id") REFERENCES "benchmark_suite"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_run" ADD CONSTRAINT "benchmark_run_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "benchmark_target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_result" ADD CONSTRAINT "benchmark_result_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "benchmark_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario" ADD CONSTRAINT "scenario_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_result" ADD CONSTRAINT "scenario_result_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenario"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
