import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { readAppliedOutcome } from "@/lib/whatif/io/read-applied-outcome";

/** Per policy applied from the scenario: what it routed (or would have) since, at its cost against the other side. */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => readAppliedOutcome(getDb(), principal, params.scenarioId!));
