-- CreateEnum
CREATE TYPE "PriceImportStatus" AS ENUM ('pending', 'applied', 'dismissed', 'superseded');

-- CreateTable
CREATE TABLE "price_import" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "package_name" TEXT NOT NULL,
    "package_version" TEXT NOT NULL,
    "status" "PriceImportStatus" NOT NULL DEFAULT 'pending',
    "pending_org_id" TEXT,
    "fingerprint" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "diff" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "applied_aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "price_import_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "price_import_pending_org_id_key" ON "price_import"("pending_org_id");

-- CreateIndex
CREATE INDEX "price_import_org_id_created_at_idx" ON "price_import"("org_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "price_import" ADD CONSTRAINT "price_import_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
