// One scenario result with its progress, headline and details, for any
// role that may see its scenario (scenario-access.ts); 404 otherwise.
import type { Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";
import { AppError } from "@/lib/http/app-error";
import { presentResultSummary, resultSummarySelect } from "./present-scenario-result";
import { principalScope, scopeCovers } from "./scenario-access";

export async function getScenarioResult(db: DbClient, principal: Principal, resultId: string) {
  const [row, scope] = await Promise.all([
    db.scenarioResult.findFirst({
      where: { id: resultId, scenario: { orgId: principal.orgId } },
      select: { ...resultSummarySelect, details: true, scenario: { select: { name: true, orgWide: true, projectIds: true } } },
    }),
    principalScope(db, principal),
  ]);
  if (!row || !scopeCovers(scope, row.scenario)) throw new AppError("not_found", "No such scenario result");
  const { details, scenario, ...summary } = row;
  return { ...presentResultSummary(summary), scenarioName: scenario.name, details };
}
