import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { listUsageEvents, listUsageEventsQuerySchema } from "@/lib/usage/list-usage-events";

export const GET = withRoute({ roles: ALL_ROLES, query: listUsageEventsQuerySchema }, async ({ principal, query }) => listUsageEvents(getDb(), principal, query));
