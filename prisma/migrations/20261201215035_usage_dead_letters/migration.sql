-- CreateTable
CREATE TABLE "usage_dead_letter" (
    "id" BIGSERIAL NOT NULL,
    "stream_id" TEXT NOT NULL,
    "org_id" TEXT,
    "request_id" TEXT,
    "attempt" INTEGER,
    "occurred_at" TIMESTAMPTZ(3),
    "payload" BYTEA NOT NULL,
    "reason" TEXT NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_tried_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "usage_dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "usage_dead_letter_stream_id_key" ON "usage_dead_letter"("stream_id");

-- CreateIndex
CREATE INDEX "usage_dead_letter_org_id_replayed_at_occurred_at_idx" ON "usage_dead_letter"("org_id", "replayed_at", "occurred_at");
