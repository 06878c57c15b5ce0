import { BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { importBenchmarkSuite, importSuiteSchema } from "@/lib/benchmarks/manage-benchmark-suites";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** Imports a promptfoo YAML suite; anything outside the supported subset is refused with its line. */
export const POST = withRoute({ roles: BENCHMARK_RUNNERS, body: importSuiteSchema }, async ({ principal, body, requestId }) =>
  importBenchmarkSuite(getDb(), principal, body, requestId),
);
