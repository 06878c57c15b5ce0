import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { loadRecommendations, recommendationsQuerySchema } from "@/lib/whatif/io/load-recommendations";

/** Per project x requested model with material spend: the cheaper models that keep measured quality (X%) and p95 TTFT (within Y%), ranked by exact saving, with a SCOPE comparison. */
export const GET = withRoute({ roles: ALL_ROLES, query: recommendationsQuerySchema }, async ({ principal, query }) => loadRecommendations(getDb(), principal, query));
