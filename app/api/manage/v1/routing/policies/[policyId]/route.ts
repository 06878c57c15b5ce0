import { ALL_ROLES, ROUTING_EDITORS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";
import { deleteRoutingPolicy, getRoutingPolicy, policyUpdateSchema, updateRoutingPolicy } from "@/lib/routing/manage-routing-policies";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getRoutingPolicy(getDb(), principal, params.policyId!));

export const PATCH = withRoute({ roles: ROUTING_EDITORS, body: policyUpdateSchema }, async ({ principal, params, body, requestId }) =>
  updateRoutingPolicy(getDb(), getRedis(), principal, params.policyId!, body, requestId),
);

export const DELETE = withRoute({ roles: ROUTING_EDITORS }, async ({ principal, params, requestId }) =>
  deleteRoutingPolicy(getDb(), getRedis(), principal, params.policyId!, requestId),
);
