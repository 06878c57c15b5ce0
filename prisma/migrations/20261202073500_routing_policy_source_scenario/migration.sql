-- AlterTable
ALTER TABLE "routing_policy" ADD COLUMN     "source_result_id" TEXT,
ADD COLUMN     "source_scenario_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "routing_policy_source_result_id_key" ON "routing_policy"("source_result_id");

-- CreateIndex
CREATE INDEX "routing_policy_source_scenario_id_idx" ON "routing_policy"("source_scenario_id");

-- AddForeignKey
ALTER TABLE "routing_policy" ADD CONSTRAINT "routing_policy_source_scenario_id_fkey" FOREIGN KEY ("source_scenario_id") REFERENCES "scenario"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_policy" ADD CONSTRAINT "routing_policy_source_result_id_fkey" FOREIGN KEY ("source_result_id") REFERENCES "scenario_result"("id") ON DELETE SET NULL ON UPDATE CASCADE;
