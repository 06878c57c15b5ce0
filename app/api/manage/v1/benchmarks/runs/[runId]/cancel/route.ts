import { BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { cancelBenchmarkRun } from "@/lib/benchmarks/cancel-benchmark-run";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const POST = withRoute({ roles: BENCHMARK_RUNNERS }, async ({ principal, params, requestId }) =>
  cancelBenchmarkRun(getDb(), getRedis(), principal, params.runId!, requestId),
);
