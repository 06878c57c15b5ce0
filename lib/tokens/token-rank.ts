import type { Role } from "../auth/principal";

const rank: Record<Role, number> = { owner: 4, admin: 3, finance: 2, engineer: 2, viewer: 1 };

/** True when `role` ranks above `than` (a token never acts above its creator). */
export function outranks(role: Role, than: Role): boolean {
  return rank[role] > rank[than];
}
