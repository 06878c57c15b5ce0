import type { Role } from "../generated/prisma/enums";

export type { Role };

export const ALL_ROLES: readonly Role[] = ["owner", "admin", "finance", "engineer", "viewer"];
export const ORG_ADMINS: readonly Role[] = ["owner", "admin"];
/** Roles that see every project in the org; engineers and viewers see their projects only. */
export const ORG_WIDE_ROLES: readonly Role[] = ["owner", "admin", "finance"];
/** Roles that may create and revoke API keys (engineers in their own projects). */
export const KEY_MANAGERS: readonly Role[] = ["owner", "admin", "engineer"];
/**
 * Roles that may set a key's fixed tags. Budgets and routing rules match on those tags, so the people who
 * hold the key's project (engineers) must not be the ones who can take them off.
 */
export const FIXED_TAG_EDITORS: readonly Role[] = ["owner", "admin"];
/** Roles that may add models and deployments. */
export const CATALOG_EDITORS: readonly Role[] = ["owner", "admin", "engineer"];
/** Roles that may edit prices and import price books. */
export const PRICE_EDITORS: readonly Role[] = ["owner", "admin", "finance"];

/** Roles that may create and edit budgets and alert channels (finance may; it may not manage keys). */
export const BUDGET_EDITORS: readonly Role[] = ["owner", "admin", "finance"];
/** Roles that may create suites and schedules and run benchmarks (finance and viewers read results). */
export const BENCHMARK_RUNNERS: readonly Role[] = ["owner", "admin", "engineer"];
/** Roles that may edit routing policies (engineers those of their projects; org-wide ones need an owner or admin). Everyone reads. */
export const ROUTING_EDITORS: readonly Role[] = ["owner", "admin", "engineer"];
/** Roles that may create, run and delete what-if scenarios (finance and engineers both plan savings; viewers read). */
export const WHATIF_RUNNERS: readonly Role[] = ["owner", "admin", "finance", "engineer"];
/** Roles that may set rate limits. */
export const RATE_LIMIT_EDITORS: readonly Role[] = ["owner", "admin"];

/** Who is calling: a signed-in user or a management token, acting in one org. */
export interface Principal {
  kind: "user" | "token";
  /** "user:<id>" or "token:<id>", as written to the audit log. */
  actor: string;
  userId: string | null;
  email: string | null;
  orgId: string;
  role: Role;
  /** A token's project scope (engineer and viewer tokens only); users are confined by project membership instead. */
  projectIds?: readonly string[];
}
