import { BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { deleteBenchmarkSchedule, updateBenchmarkSchedule } from "@/lib/benchmarks/manage-benchmark-schedules";
import { updateScheduleSchema } from "@/lib/benchmarks/schedule-schemas";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const PATCH = withRoute({ roles: BENCHMARK_RUNNERS, body: updateScheduleSchema }, async ({ principal, params, body, requestId }) =>
  updateBenchmarkSchedule(getDb(), getRedis(), principal, params.scheduleId!, body, requestId),
);

export const DELETE = withRoute({ roles: BENCHMARK_RUNNERS }, async ({ principal, params, requestId }) =>
  deleteBenchmarkSchedule(getDb(), getRedis(), principal, params.scheduleId!, requestId),
);
