// Roles form a partial order: owner > admin > {finance, engineer} > viewer.
// Finance and engineer are incomparable (finance edits prices and budgets,
// engineers manage keys and the catalog), so neither may stand in for the
// other. Every "may a holder of role X create, revoke or keep a token of
// role Y" decision goes through isAtOrBelow.
import type { Role } from "../auth/principal";

/** The roles directly below each role; the order is their transitive closure. */
const directlyBelow: Record<Role, readonly Role[]> = {
  owner: ["admin"],
  admin: ["finance", "engineer"],
  finance: ["viewer"],
  engineer: ["viewer"],
  viewer: [],
};

/** True when `role` is `than` or below it in the order (a token never acts beyond its creator). */
export function isAtOrBelow(role: Role, than: Role): boolean {
  return role === than || directlyBelow[than].some((lower) => isAtOrBelow(role, lower));
}
