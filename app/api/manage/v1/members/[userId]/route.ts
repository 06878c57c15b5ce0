import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { changeMemberRole, changeMemberRoleSchema } from "@/lib/members/change-member-role";
import { removeMember } from "@/lib/members/remove-member";

/** Changes the member's role (only owners grant or take away owner; the last owner stays). */
export const PATCH = withRoute({ roles: ORG_ADMINS, body: changeMemberRoleSchema }, async ({ principal, params, body, requestId }) =>
  changeMemberRole(getDb(), principal, params.userId!, body, requestId),
);

/** Removes the member from the org and revokes the management tokens they created. */
export const DELETE = withRoute({ roles: ORG_ADMINS }, async ({ principal, params, requestId }) =>
  removeMember(getDb(), principal, params.userId!, requestId),
);
