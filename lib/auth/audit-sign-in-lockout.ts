// A sign-in lockout is audited in the org of the account it concerns (when
// the email belongs to a user) and always logged (unknown emails and
// address lockouts have no org).
import type { DbClient } from "../db/create-db-client";
import { getLogger } from "../log/logger";
import { recordAudit } from "../audit/record-audit";
import { SIGN_IN_LIMITS, type LimitScope, type SignInAttempt } from "./limit-sign-in";

export async function auditSignInLockout(db: DbClient, attempt: SignInAttempt, scopes: LimitScope[], userId: string | null): Promise<void> {
  getLogger().warn({ event: "sign_in_locked", scopes, address: attempt.address, userId }, "sign-in attempts locked");
  if (!userId) return;
  const memberships = await db.membership.findMany({ where: { userId }, select: { orgId: true } });
  for (const { orgId } of memberships) {
    for (const scope of scopes) {
      await recordAudit(db, { orgId, actor: "system:sign-in-limit" }, {
        action: "auth.sign_in_locked",
        entityType: "user",
        entityId: userId,
        after: { scope, address: attempt.address, maxFailures: SIGN_IN_LIMITS[scope].maxFailures, windowSeconds: SIGN_IN_LIMITS[scope].windowSeconds },
      });
    }
  }
}
