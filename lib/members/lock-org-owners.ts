import type { Prisma } from "../generated/prisma/client";

/**
 * Locks the org's owner memberships until the transaction ends and returns
 * their user ids. Every change that can take an owner away goes through
 * this first, so two concurrent demotions (or removals) of the last two
 * owners run one after the other, and the second sees the first's result
 * (Postgres re-reads a locked row once the lock is released).
 */
export async function lockOrgOwners(tx: Prisma.TransactionClient, orgId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>`SELECT user_id FROM membership WHERE org_id = ${orgId} AND role = 'owner' ORDER BY user_id FOR UPDATE`;
  return rows.map((r) => r.user_id);
}
