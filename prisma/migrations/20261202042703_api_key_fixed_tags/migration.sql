-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "fixed_tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
