import { ALL_ROLES, ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { addProjectMember, addProjectMemberSchema, listProjectMembers } from "@/lib/projects/manage-project-members";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => listProjectMembers(getDb(), principal, params.projectId!));

export const POST = withRoute({ roles: ORG_ADMINS, body: addProjectMemberSchema }, async ({ principal, params, body, requestId }) =>
  addProjectMember(getDb(), principal, params.projectId!, body, requestId),
);
