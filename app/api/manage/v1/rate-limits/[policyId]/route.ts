import { RATE_LIMIT_EDITORS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { deleteRateLimit } from "@/lib/limits/manage-rate-limits";
import { getRedis } from "@/lib/redis";

export const DELETE = withRoute({ roles: RATE_LIMIT_EDITORS }, async ({ principal, params, requestId }) => deleteRateLimit(getDb(), getRedis(), principal, params.policyId!, requestId));
