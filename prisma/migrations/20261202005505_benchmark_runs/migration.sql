-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'benchmark_regression';

-- DropIndex
DROP INDEX "benchmark_result_run_id_case_id_key";

-- AlterTable
ALTER TABLE "benchmark_result" DROP COLUMN "inter_token_ms",
DROP COLUMN "latency_ms",
DROP COLUMN "quality_score",
ADD COLUMN     "checks" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "e2e_ms" DOUBLE PRECISION,
ADD COLUMN     "error_class" TEXT,
ADD COLUMN     "http_status" INTEGER,
ADD COLUMN     "itl_ms" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "output" TEXT,
ADD COLUMN     "passed" BOOLEAN,
ADD COLUMN     "repeat" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "request_id" TEXT,
ADD COLUMN     "score" DECIMAL(6,4),
ADD COLUMN     "sent_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "served_model" TEXT,
ADD COLUMN     "tpot_ms" DOUBLE PRECISION,
ALTER COLUMN "ttft_ms" SET DATA TYPE DOUBLE PRECISION,
ALTER COLUMN "input_tokens" DROP NOT NULL,
ALTER COLUMN "input_tokens" DROP DEFAULT,
ALTER COLUMN "output_tokens" DROP NOT NULL,
ALTER COLUMN "output_tokens" DROP DEFAULT;

-- AlterTable
ALTER TABLE "benchmark_run" ADD COLUMN     "batch_id" TEXT NOT NULL,
ADD COLUMN     "cancel_requested_at" TIMESTAMP(3),
ADD COLUMN     "config" JSONB NOT NULL,
ADD COLUMN     "cost_usd" DECIMAL(20,9) NOT NULL DEFAULT 0,
ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "definitions" JSONB NOT NULL,
ADD COLUMN     "org_id" TEXT NOT NULL,
ADD COLUMN     "requests_done" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "requests_total" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "schedule_id" TEXT,
ADD COLUMN     "stop_reason" TEXT,
ADD COLUMN     "suite_snapshot" JSONB NOT NULL,
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "benchmark_suite" DROP COLUMN "cases",
DROP COLUMN "schedule",
ADD COLUMN     "case_count" INTEGER NOT NULL,
ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "definition" JSONB NOT NULL,
ADD COLUMN     "judge_model" TEXT,
ADD COLUMN     "starter_key" TEXT;

-- AlterTable
ALTER TABLE "benchmark_target" DROP COLUMN "concurrency",
DROP COLUMN "deployment_id",
DROP COLUMN "enabled";

-- AlterTable
ALTER TABLE "deployment" ADD COLUMN     "expected_utilisation" DECIMAL(5,4),
ADD COLUMN     "hourly_cost_usd" DECIMAL(14,6);

-- CreateTable
CREATE TABLE "benchmark_schedule" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "suite_id" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "model_aliases" TEXT[],
    "config" JSONB NOT NULL,
    "alert_pass_rate_drop_points" DECIMAL(6,2),
    "alert_ttft_p95_rise_percent" DECIMAL(8,2),
    "alert_baseline_runs" INTEGER NOT NULL DEFAULT 5,
    "channel_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "benchmark_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "benchmark_schedule_org_id_idx" ON "benchmark_schedule"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_result_run_id_case_id_repeat_key" ON "benchmark_result"("run_id", "case_id", "repeat");

-- CreateIndex
CREATE INDEX "benchmark_run_org_id_created_at_idx" ON "benchmark_run"("org_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "benchmark_run_suite_id_target_id_created_at_idx" ON "benchmark_run"("suite_id", "target_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "benchmark_run_batch_id_idx" ON "benchmark_run"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_suite_org_id_name_key" ON "benchmark_suite"("org_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_suite_org_id_starter_key_key" ON "benchmark_suite"("org_id", "starter_key");

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_target_org_id_model_alias_key" ON "benchmark_target"("org_id", "model_alias");

-- AddForeignKey
ALTER TABLE "benchmark_schedule" ADD CONSTRAINT "benchmark_schedule_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_schedule" ADD CONSTRAINT "benchmark_schedule_suite_id_fkey" FOREIGN KEY ("suite_id") REFERENCES "benchmark_suite"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_run" ADD CONSTRAINT "benchmark_run_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "benchmark_schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;
