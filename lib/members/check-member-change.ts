import type { Principal, Role } from "../auth/principal";
import { AppError } from "../http/app-error";

/** Only owners grant owner or change (or remove) an owner; owners and admins manage everyone else. */
export function assertMayChangeMember(principal: Principal, currentRole: Role, newRole: Role | null): void {
  if (principal.role === "owner") return;
  if (currentRole === "owner") throw new AppError("forbidden", "Only an owner can change or remove an owner");
  if (newRole === "owner") throw new AppError("forbidden", "Only an owner can make someone an owner");
}
