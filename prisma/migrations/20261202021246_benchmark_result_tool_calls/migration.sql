-- AlterTable
ALTER TABLE "benchmark_result" ADD COLUMN     "tool_calls" JSONB;
