import { ALL_ROLES } from "@/lib/auth/principal";
import { resolveDashboardScope } from "@/lib/dashboard/dashboard-scope";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { readRoutingStats, routingStatsFilterSchema } from "@/lib/routing/read-routing-stats";

export const GET = withRoute({ roles: ALL_ROLES, query: routingStatsFilterSchema }, async ({ principal, query }) =>
  readRoutingStats(getDb(), await resolveDashboardScope(getDb(), principal, query)),
);
