// The suites Tollgate ships (lib/benchmarks/starter-suites), added to an org
// through the same path as a user's import. Idempotent: a suite already
// installed is refreshed in place (its runs keep their own snapshots).
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { createBenchmarkSuite } from "./manage-benchmark-suites";
import { loadStarterSuites } from "./starter-suites";

export async function installStarterSuites(db: DbClient, principal: Pick<Principal, "orgId" | "actor" | "userId">, requestId?: string) {
  const installed: { id: string; name: string; created: boolean }[] = [];
  for (const starter of loadStarterSuites()) {
    const existing = await db.benchmarkSuite.findUnique({ where: { orgId_starterKey: { orgId: principal.orgId, starterKey: starter.key } }, select: { id: true, name: true } });
    if (existing) {
      await db.benchmarkSuite.update({
        where: { id: existing.id },
        data: { definition: starter.definition as unknown as Prisma.InputJsonValue, caseCount: starter.definition.cases.length, description: starter.description },
      });
      installed.push({ ...existing, created: false });
      continue;
    }
    const suite = await createBenchmarkSuite(db, principal, { name: starter.name, description: starter.description, judgeModel: null, definition: starter.definition, starterKey: starter.key }, requestId);
    installed.push({ id: suite.id, name: suite.name, created: true });
  }
  return installed;
}
