import { z } from "zod";
import { ALL_ROLES } from "@/lib/auth/principal";
import { dashboardFilterSchema, resolveDashboardScope } from "@/lib/dashboard/dashboard-scope";
import { getModelUsage } from "@/lib/dashboard/get-model-usage";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

const query = dashboardFilterSchema.omit({ tag: true }).extend({ model: z.string().min(1).max(200).describe("Served model") });

export const GET = withRoute({ roles: ALL_ROLES, query }, async ({ principal, query }) =>
  getModelUsage(getDb(), await resolveDashboardScope(getDb(), principal, query), query.model),
);
