import { WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";
import { applyScenarioAsPolicy, applyScenarioBodySchema } from "@/lib/whatif/io/apply-scenario-as-policy";

/** Applies a succeeded result as a routing policy (shadow: what-if runners; enforce: routing editors only, else 403); answers the policy and what could not be carried over. */
export const POST = withRoute({ roles: WHATIF_RUNNERS, body: applyScenarioBodySchema }, async ({ principal, params, body, requestId }) =>
  applyScenarioAsPolicy(getDb(), getRedis(), principal, params.scenarioId!, body, requestId),
);
