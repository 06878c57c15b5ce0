import type { Role } from "../generated/prisma/enums";

export type { Role };

export const ALL_ROLES: readonly Role[] = ["owner", "admin", "finance", "engineer", "viewer"];
export const ORG_ADMINS: readonly Role[] = ["owner", "admin"];

/** Who is calling: a signed-in user or a management token, acting in one org. */
export interface Principal {
  kind: "user" | "token";
  /** "user:<id>" or "token:<id>", as written to the audit log. */
  actor: string;
  userId: string | null;
  email: string | null;
  orgId: string;
  role: Role;
}
