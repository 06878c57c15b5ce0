import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { routeTestSchema, testRoutingRequest } from "@/lib/routing/test-routing-request";

// Every role may test a request: it reads the policies and changes nothing.
export const POST = withRoute({ roles: ALL_ROLES, body: routeTestSchema }, async ({ principal, body }) => testRoutingRequest(getDb(), principal, body));
