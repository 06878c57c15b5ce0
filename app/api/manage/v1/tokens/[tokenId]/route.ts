import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { revokeManagementToken } from "@/lib/tokens/revoke-management-token";

/** Revokes the token; its next request is refused with 401. */
export const DELETE = withRoute({ roles: ORG_ADMINS }, async ({ principal, params, requestId }) =>
  revokeManagementToken(getDb(), principal, params.tokenId!, requestId),
);
