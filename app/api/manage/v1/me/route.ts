import { ALL_ROLES } from "@/lib/auth/principal";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => ({
  kind: principal.kind,
  email: principal.email,
  orgId: principal.orgId,
  role: principal.role,
}));
