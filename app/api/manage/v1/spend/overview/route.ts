import { ALL_ROLES } from "@/lib/auth/principal";
import { dashboardFilterSchema, resolveDashboardScope } from "@/lib/dashboard/dashboard-scope";
import { getSpendOverview } from "@/lib/dashboard/get-spend-overview";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES, query: dashboardFilterSchema }, async ({ principal, query }) =>
  getSpendOverview(getDb(), await resolveDashboardScope(getDb(), principal, query)),
);
