import { BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { installStarterSuites } from "@/lib/benchmarks/install-starter-suites";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** Adds (or refreshes) the starter suites Tollgate ships: classification, extraction, summarisation, arithmetic, tool calling, triage. */
export const POST = withRoute({ roles: BENCHMARK_RUNNERS }, async ({ principal, requestId }) => installStarterSuites(getDb(), principal, requestId));
