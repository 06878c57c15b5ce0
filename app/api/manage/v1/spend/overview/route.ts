import { z } from "zod";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getSpendOverview } from "@/lib/dashboard/get-spend-overview";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

const query = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export const GET = withRoute({ roles: ALL_ROLES, query }, async ({ principal, query }) =>
  getSpendOverview(getDb(), principal.orgId, { days: query.days }),
);
