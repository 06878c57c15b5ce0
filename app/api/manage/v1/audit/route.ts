import { listAuditLog, listAuditLogQuerySchema } from "@/lib/audit/list-audit-log";
import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ORG_ADMINS, query: listAuditLogQuerySchema }, async ({ principal, query }) => listAuditLog(getDb(), principal, query));
