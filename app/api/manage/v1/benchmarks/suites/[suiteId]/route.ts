import { ALL_ROLES, BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { deleteBenchmarkSuite, getBenchmarkSuite, updateBenchmarkSuite, updateSuiteSchema } from "@/lib/benchmarks/manage-benchmark-suites";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getBenchmarkSuite(getDb(), principal, params.suiteId!));

export const PATCH = withRoute({ roles: BENCHMARK_RUNNERS, body: updateSuiteSchema }, async ({ principal, params, body, requestId }) =>
  updateBenchmarkSuite(getDb(), principal, params.suiteId!, body, requestId),
);

export const DELETE = withRoute({ roles: BENCHMARK_RUNNERS }, async ({ principal, params, requestId }) => deleteBenchmarkSuite(getDb(), principal, params.suiteId!, requestId));
