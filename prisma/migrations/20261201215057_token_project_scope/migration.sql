-- AlterTable
ALTER TABLE "management_token" ADD COLUMN     "project_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];
