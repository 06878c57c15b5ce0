import { ALL_ROLES, WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { createScenario, createScenarioSchema, listScenarios, listScenariosQuerySchema } from "@/lib/whatif/io/manage-scenarios";

/** Scenarios newest first, each with its latest result's headline. */
export const GET = withRoute({ roles: ALL_ROLES, query: listScenariosQuerySchema }, async ({ principal, query }) => listScenarios(getDb(), principal, query));

/** Saves a scenario after checking it against the org's catalog (422 naming the rule and field). */
export const POST = withRoute({ roles: WHATIF_RUNNERS, body: createScenarioSchema }, async ({ principal, body, requestId }) =>
  createScenario(getDb(), principal, body, requestId),
);
