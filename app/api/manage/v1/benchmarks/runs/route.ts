import { ALL_ROLES, BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { listBenchmarkRuns, listRunsQuerySchema } from "@/lib/benchmarks/list-benchmark-runs";
import { startBenchmarkRuns, startRunsSchema } from "@/lib/benchmarks/start-benchmark-runs";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES, query: listRunsQuerySchema }, async ({ principal, query }) => listBenchmarkRuns(getDb(), principal, query));

/** Starts a suite against one or more models (one run each); the worker runs them through the proxy. */
export const POST = withRoute({ roles: BENCHMARK_RUNNERS, body: startRunsSchema }, async ({ principal, body, requestId }) =>
  startBenchmarkRuns(getDb(), getRedis(), principal, body, { requestId }),
);
