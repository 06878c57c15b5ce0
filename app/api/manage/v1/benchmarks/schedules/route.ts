import { ALL_ROLES, BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { createBenchmarkSchedule, listBenchmarkSchedules } from "@/lib/benchmarks/manage-benchmark-schedules";
import { createScheduleSchema } from "@/lib/benchmarks/schedule-schemas";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listBenchmarkSchedules(getDb(), principal));

export const POST = withRoute({ roles: BENCHMARK_RUNNERS, body: createScheduleSchema }, async ({ principal, body, requestId }) =>
  createBenchmarkSchedule(getDb(), getRedis(), principal, body, requestId),
);
