// An org's routing policies as compile-policies.ts takes them (every
// project's and the org's: one compiled form serves the whole org).
import type { DbClient } from "../db/create-db-client";
import type { StoredRoutingPolicy } from "./compile-policies";

export async function loadRoutingPolicies(db: DbClient, orgId: string): Promise<StoredRoutingPolicy[]> {
  return db.routingPolicy.findMany({
    where: { orgId },
    select: { id: true, name: true, projectId: true, priority: true, enabled: true, mode: true, rules: true, createdAt: true },
  });
}
