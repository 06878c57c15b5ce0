-- CreateTable
CREATE TABLE "prediction_check" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "policy_name" TEXT NOT NULL,
    "scenario_id" TEXT NOT NULL,
    "scenario_name" TEXT NOT NULL,
    "result_id" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "window_from" TIMESTAMP(3) NOT NULL,
    "window_to" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL,
    "predicted_saving_percent" DECIMAL(12,2) NOT NULL,
    "observed_saving_percent" DECIMAL(12,2),
    "error_points" DECIMAL(12,2),
    "checked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "prediction_check_org_id_day_idx" ON "prediction_check"("org_id", "day");

-- CreateIndex
CREATE UNIQUE INDEX "prediction_check_policy_id_side_day_key" ON "prediction_check"("policy_id", "side", "day");

-- AddForeignKey
ALTER TABLE "prediction_check" ADD CONSTRAINT "prediction_check_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
