-- CreateEnum
CREATE TYPE "RoutingMode" AS ENUM ('enforce', 'shadow');

-- AlterTable
ALTER TABLE "routing_policy" ADD COLUMN     "mode" "RoutingMode" NOT NULL DEFAULT 'enforce';
