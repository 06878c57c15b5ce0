import { listAlerts, listAlertsQuerySchema } from "@/lib/alerts/list-alerts";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES, query: listAlertsQuerySchema }, async ({ principal, query }) => listAlerts(getDb(), principal, query));
