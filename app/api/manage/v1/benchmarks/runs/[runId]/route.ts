import { ALL_ROLES } from "@/lib/auth/principal";
import { getBenchmarkRun } from "@/lib/benchmarks/list-benchmark-runs";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** A run with its progress, summary, options and the metric definitions it was computed with. */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getBenchmarkRun(getDb(), principal, params.runId!));
