import { PRICE_EDITORS } from "@/lib/auth/principal";
import { updateModel, updateModelSchema } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

// Tier overrides and the context window (it caps reservations) sit with pricing: owners, admins and finance.
export const PATCH = withRoute({ roles: PRICE_EDITORS, body: updateModelSchema }, async ({ principal, params, body, requestId }) =>
  updateModel(getDb(), getRedis(), principal, params.modelId!, body, requestId),
);
