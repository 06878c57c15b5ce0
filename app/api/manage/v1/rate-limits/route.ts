import { ALL_ROLES, RATE_LIMIT_EDITORS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { createRateLimit, listRateLimits, rateLimitInputSchema } from "@/lib/limits/manage-rate-limits";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listRateLimits(getDb(), principal));

export const POST = withRoute({ roles: RATE_LIMIT_EDITORS, body: rateLimitInputSchema }, async ({ principal, body, requestId }) =>
  createRateLimit(getDb(), getRedis(), principal, body, requestId),
);
