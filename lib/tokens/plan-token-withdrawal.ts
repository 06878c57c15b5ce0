import { ORG_WIDE_ROLES, type Role } from "../auth/principal";
import { isAtOrBelow } from "./role-order";

export interface HeldToken {
  id: string;
  role: Role;
  projectIds: readonly string[];
}

export interface TokenWithdrawal {
  revoke: string[];
  trim: { id: string; projectIds: string[] }[];
}

/**
 * What becomes of the live tokens a member created once they hold `memberRole`
 * and see `visibleProjectIds`: a token whose role is not at or below the
 * member's is revoked; an engineer or viewer token keeps only the projects
 * the member still sees (members with an org-wide role see every project, so
 * nothing is trimmed for them). A token trimmed to no project stays: it sees
 * nothing, which is what its creator would see.
 */
export function planTokenWithdrawal(tokens: readonly HeldToken[], memberRole: Role, visibleProjectIds: ReadonlySet<string>): TokenWithdrawal {
  const plan: TokenWithdrawal = { revoke: [], trim: [] };
  const seesEverything = ORG_WIDE_ROLES.includes(memberRole);
  for (const token of tokens) {
    if (!isAtOrBelow(token.role, memberRole)) {
      plan.revoke.push(token.id);
      continue;
    }
    if (seesEverything || ORG_WIDE_ROLES.includes(token.role)) continue;
    const kept = token.projectIds.filter((id) => visibleProjectIds.has(id));
    if (kept.length < token.projectIds.length) plan.trim.push({ id: token.id, projectIds: kept });
  }
  return plan;
}
