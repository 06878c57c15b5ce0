import { ALL_ROLES, CATALOG_EDITORS } from "@/lib/auth/principal";
import { createModel, createModelSchema, listModels } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listModels(getDb(), principal));

export const POST = withRoute({ roles: CATALOG_EDITORS, body: createModelSchema }, async ({ principal, body, requestId }) =>
  createModel(getDb(), getRedis(), principal, body, requestId),
);
