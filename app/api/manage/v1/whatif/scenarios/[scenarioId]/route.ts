import { ALL_ROLES, WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { deleteScenario, getScenario } from "@/lib/whatif/io/manage-scenarios";

/** A scenario with its recent results (headlines; GET /whatif/results/{resultId} has the details). */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getScenario(getDb(), principal, params.scenarioId!));

export const DELETE = withRoute({ roles: WHATIF_RUNNERS }, async ({ principal, params, requestId }) => deleteScenario(getDb(), principal, params.scenarioId!, requestId));
