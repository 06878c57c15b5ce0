import { ALL_ROLES, BUDGET_EDITORS } from "@/lib/auth/principal";
import { budgetInputSchema } from "@/lib/budgets/budget-schemas";
import { listBudgets } from "@/lib/budgets/list-budgets";
import { createBudget } from "@/lib/budgets/save-budget";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listBudgets(getDb(), getRedis(), principal));

export const POST = withRoute({ roles: BUDGET_EDITORS, body: budgetInputSchema }, async ({ principal, body, requestId }) =>
  createBudget(getDb(), getRedis(), principal, body, requestId),
);
