import { ALL_ROLES, BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { createBenchmarkSuite, createSuiteSchema, listBenchmarkSuites } from "@/lib/benchmarks/manage-benchmark-suites";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listBenchmarkSuites(getDb(), principal));

export const POST = withRoute({ roles: BENCHMARK_RUNNERS, body: createSuiteSchema }, async ({ principal, body, requestId }) =>
  createBenchmarkSuite(getDb(), principal, body, requestId),
);
