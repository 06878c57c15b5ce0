// What-if scenarios: created, run and deleted by owners, admins, finance and
// engineers; read by every role (each sees the scenarios scenario-access.ts
// lets it see). A scenario is validated whole before anything is written:
// its shape by scenarioSchema (withRoute answers 422 naming the field), then
// against the org's catalog and suites (422 naming the rule and field: an
// unknown model, a target without a price from the range's start, an
// unknown suite). Creating and deleting are audited in the same transaction.
import type { Principal } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/audit/record-audit";
import type { DbClient } from "@/lib/db/create-db-client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/app-error";
import { z } from "zod";
import { checkScenarioAgainstCatalog } from "../check-scenario-catalog";
import type { Scenario } from "../scenario-schema";
import { loadWhatIfCatalog } from "./load-whatif-catalog";
import { principalScope, scopeCovers } from "./scenario-access";
import { presentResultSummary, resultSummarySelect } from "./present-scenario-result";

export { scenarioSchema as createScenarioSchema } from "../scenario-schema";

export const listScenariosQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const RECENT_RESULTS = 10;

const scenarioSelect = {
  id: true, name: true, rules: true, rangeStart: true, rangeEnd: true, orgWide: true, projectIds: true, createdById: true, createdAt: true,
} satisfies Prisma.ScenarioSelect;

type ScenarioRow = Prisma.ScenarioGetPayload<{ select: typeof scenarioSelect }>;

function present(row: ScenarioRow) {
  const { rules: scenario, rangeStart: _from, rangeEnd: _to, orgWide, projectIds, ...rest } = row;
  return { ...rest, scenario: scenario as unknown as Scenario, scope: { orgWide, projectIds } };
}

/** The scenario if the principal may see it; else 404 (as for one that does not exist). */
export async function findVisibleScenario(db: DbClient, principal: Principal, scenarioId: string): Promise<ScenarioRow> {
  const [row, scope] = await Promise.all([db.scenario.findFirst({ where: { id: scenarioId, orgId: principal.orgId }, select: scenarioSelect }), principalScope(db, principal)]);
  if (!row || !scopeCovers(scope, row)) throw new AppError("not_found", "No such scenario");
  return row;
}

/** Refuses a scenario that names what the org's catalog does not have; throws a 422 listing every issue. */
export async function assertScenarioMatchesCatalog(db: DbClient, orgId: string, scenario: Scenario): Promise<void> {
  const { catalog, suiteIds } = await loadWhatIfCatalog(db, orgId);
  const issues = checkScenarioAgainstCatalog(scenario, catalog, suiteIds);
  if (issues.length === 0) return;
  const details = issues.map((i) => ({ field: i.path.join("."), message: i.message }));
  throw new AppError("validation_failed", details.map((d) => `${d.field}: ${d.message}`).join("; "), details);
}

export async function createScenario(db: DbClient, principal: Principal, scenario: Scenario, requestId?: string) {
  await assertScenarioMatchesCatalog(db, principal.orgId, scenario);
  const scope = await principalScope(db, principal);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.scenario.create({
      data: {
        orgId: principal.orgId, name: scenario.name, rules: scenario as unknown as Prisma.InputJsonValue,
        rangeStart: new Date(scenario.range.from), rangeEnd: new Date(scenario.range.to), orgWide: scope.orgWide, projectIds: scope.projectIds, createdById: principal.userId,
      },
      select: scenarioSelect,
    });
    await recordAudit(tx, principal, { action: "scenario.create", entityType: "scenario", entityId: created.id, after: present(created), requestId });
    return created;
  });
  return { ...present(row), results: [] };
}

export async function listScenarios(db: DbClient, principal: Principal, query: z.output<typeof listScenariosQuerySchema>) {
  const scope = await principalScope(db, principal);
  // Confined principals: only scenarios confined to projects; which of those they see is checked per row.
  const rows = await db.scenario.findMany({
    where: { orgId: principal.orgId, ...(scope.orgWide ? {} : { orgWide: false }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: scope.orgWide ? query.limit : 1000,
    select: { ...scenarioSelect, results: { orderBy: { createdAt: "desc" }, take: 1, select: resultSummarySelect } },
  });
  return rows
    .filter((r) => scopeCovers(scope, r))
    .slice(0, query.limit)
    .map(({ results, ...r }) => ({ ...present(r), latestResult: results[0] ? presentResultSummary(results[0]) : null }));
}

export async function getScenario(db: DbClient, principal: Principal, scenarioId: string) {
  const row = await findVisibleScenario(db, principal, scenarioId);
  const results = await db.scenarioResult.findMany({ where: { scenarioId: row.id }, orderBy: { createdAt: "desc" }, take: RECENT_RESULTS, select: resultSummarySelect });
  return { ...present(row), results: results.map(presentResultSummary) };
}

export async function deleteScenario(db: DbClient, principal: Principal, scenarioId: string, requestId?: string) {
  const row = await findVisibleScenario(db, principal, scenarioId);
  await db.$transaction(async (tx) => {
    // Its results go with it (cascade); a run still in the worker finds its row gone and stops.
    await tx.scenario.delete({ where: { id: row.id } });
    await recordAudit(tx, principal, { action: "scenario.delete", entityType: "scenario", entityId: row.id, before: present(row), requestId });
  });
  return { id: row.id, deleted: true };
}
