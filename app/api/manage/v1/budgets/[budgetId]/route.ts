import { ALL_ROLES, BUDGET_EDITORS } from "@/lib/auth/principal";
import { budgetInputSchema } from "@/lib/budgets/budget-schemas";
import { getBudget } from "@/lib/budgets/list-budgets";
import { deleteBudget, replaceBudget } from "@/lib/budgets/save-budget";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getBudget(getDb(), getRedis(), principal, params.budgetId!));

export const PUT = withRoute({ roles: BUDGET_EDITORS, body: budgetInputSchema }, async ({ principal, params, body, requestId }) =>
  replaceBudget(getDb(), getRedis(), principal, params.budgetId!, body, requestId),
);

export const DELETE = withRoute({ roles: BUDGET_EDITORS }, async ({ principal, params, requestId }) => deleteBudget(getDb(), getRedis(), principal, params.budgetId!, requestId));
