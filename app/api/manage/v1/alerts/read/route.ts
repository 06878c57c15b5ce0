import { markAlertsRead } from "@/lib/alerts/list-alerts";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute({ roles: ALL_ROLES }, async ({ principal }) => markAlertsRead(getDb(), principal));
