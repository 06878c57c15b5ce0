-- AlterTable
ALTER TABLE "scenario" ADD COLUMN     "org_wide" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "project_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "scenario_result" ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "progress" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "simulated_high_cost_usd" DECIMAL(24,9),
ADD COLUMN     "simulated_low_cost_usd" DECIMAL(24,9),
ADD COLUMN     "started_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "scenario_org_id_created_at_idx" ON "scenario"("org_id", "created_at" DESC);
