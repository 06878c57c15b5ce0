import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { removeProjectMember } from "@/lib/projects/manage-project-members";

export const DELETE = withRoute({ roles: ORG_ADMINS }, async ({ principal, params, requestId }) =>
  removeProjectMember(getDb(), principal, params.projectId!, params.userId!, requestId),
);
