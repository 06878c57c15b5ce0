import { WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";
import { startScenarioRun } from "@/lib/whatif/io/start-scenario-run";

/** Queues a run of the scenario; answers the result id to poll. */
export const POST = withRoute({ roles: WHATIF_RUNNERS }, async ({ principal, params, requestId }) =>
  startScenarioRun(getDb(), getRedis(), principal, params.scenarioId!, requestId),
);
