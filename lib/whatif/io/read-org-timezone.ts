// The org's timezone: the What-if page picks and shows ranges as org-local days.
import type { Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";

export async function readOrgTimezone(db: DbClient, principal: Pick<Principal, "orgId">): Promise<string> {
  return (await db.org.findUniqueOrThrow({ where: { id: principal.orgId }, select: { timezone: true } })).timezone;
}
