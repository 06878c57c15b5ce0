import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { addMember, addMemberSchema, listMembers } from "@/lib/members/manage-members";

export const GET = withRoute({ roles: ORG_ADMINS }, async ({ principal }) => listMembers(getDb(), principal));

export const POST = withRoute({ roles: ORG_ADMINS, body: addMemberSchema }, async ({ principal, body, requestId }) => addMember(getDb(), principal, body, requestId));
