// Who may change a policy, as the API decides it (manage-routing-policies.ts):
// owners, admins and engineers edit their projects' policies; an org-wide
// policy routes every project's traffic, so only owners and admins edit it.
// The page uses it to offer only the actions the API would allow.
import { ORG_ADMINS, ROUTING_EDITORS, type Role } from "../../auth/principal";

export function mayEditPolicy(role: Role, projectId: string | null): boolean {
  return ROUTING_EDITORS.includes(role) && (projectId !== null || ORG_ADMINS.includes(role));
}

/** May this role create a policy at all (somewhere: engineers in their projects). */
export function mayCreatePolicies(role: Role): boolean {
  return ROUTING_EDITORS.includes(role);
}
