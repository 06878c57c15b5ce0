import { ALL_ROLES } from "@/lib/auth/principal";
import { dashboardFilterSchema, resolveDashboardScope } from "@/lib/dashboard/dashboard-scope";
import { getDb } from "@/lib/db";
import { focusCsvResponse } from "@/lib/exports/focus-csv-response";
import { buildFocusExport } from "@/lib/exports/build-focus-export";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES, query: dashboardFilterSchema }, async ({ principal, query }) => {
  const scope = await resolveDashboardScope(getDb(), principal, query);
  return focusCsvResponse(scope, await buildFocusExport(getDb(), scope));
});
