import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getScenarioResult } from "@/lib/whatif/io/get-scenario-result";

/** A run's status and progress; when done, the headline and the whole simulation. */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getScenarioResult(getDb(), principal, params.resultId!));
