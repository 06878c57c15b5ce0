import { ALL_ROLES } from "@/lib/auth/principal";
import { listBenchmarkResults, listResultsQuerySchema } from "@/lib/benchmarks/list-benchmark-runs";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** Every measured request of a run: timings, tokens, cost, the answer and each check's result. */
export const GET = withRoute({ roles: ALL_ROLES, query: listResultsQuerySchema }, async ({ principal, params, query }) =>
  listBenchmarkResults(getDb(), principal, params.runId!, query),
);
