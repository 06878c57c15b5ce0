import { ALL_ROLES, ROUTING_EDITORS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";
import { createRoutingPolicy, listRoutingPolicies, policyInputSchema } from "@/lib/routing/manage-routing-policies";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listRoutingPolicies(getDb(), principal));

export const POST = withRoute({ roles: ROUTING_EDITORS, body: policyInputSchema }, async ({ principal, body, requestId }) =>
  createRoutingPolicy(getDb(), getRedis(), principal, body, requestId),
);
