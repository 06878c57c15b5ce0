import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getUsageEvent } from "@/lib/usage/get-usage-event";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getUsageEvent(getDb(), principal, params.eventId!));
