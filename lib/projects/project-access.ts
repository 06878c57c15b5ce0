// Which projects a principal may see, as one Prisma filter, so every lookup
// confines the same way: owner, admin and finance see every project in the
// org; engineers and viewers signed in see the projects they are members of;
// engineer and viewer tokens see the projects chosen when they were created.
import { ORG_WIDE_ROLES, type Principal } from "../auth/principal";
import type { Prisma } from "../generated/prisma/client";

export function projectAccessWhere(principal: Principal): Prisma.ProjectWhereInput {
  if (ORG_WIDE_ROLES.includes(principal.role)) return {};
  if (principal.kind === "token") return { id: { in: [...(principal.projectIds ?? [])] } };
  // A confined role without a user to confine by sees nothing (fail closed).
  if (!principal.userId) return { id: { in: [] } };
  return { members: { some: { userId: principal.userId } } };
}
