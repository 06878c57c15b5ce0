import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { createManagementToken, createManagementTokenSchema, listManagementTokens } from "@/lib/tokens/create-management-token";

export const GET = withRoute({ roles: ORG_ADMINS }, async ({ principal }) => listManagementTokens(getDb(), principal.orgId));

export const POST = withRoute({ roles: ORG_ADMINS, body: createManagementTokenSchema }, async ({ principal, body, requestId }) =>
  createManagementToken(getDb(), principal, body, requestId),
);
