// One scenario run, as the whatif-run job executes it: claim the result row,
// read the stored scenario, load the catalog and measurements, check the
// scenario against the catalog again (a price may have been deleted since
// it was saved), load the traffic, simulate, and store the headline and the
// details, with progress on the row along the way. Deterministic: the same
// ledger, catalog and runs give the same result (the latency seed is fixed).
// A row that was deleted (its scenario removed) or already finished is left
// alone. Errors are thrown; the job records them (record-scenario-failure.ts).
import type { DbClient } from "@/lib/db/create-db-client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { checkScenarioAgainstCatalog } from "../check-scenario-catalog";
import { projectionFor } from "../fold-dimensions";
import { scenarioSchema, type Scenario } from "../scenario-schema";
import { largestInputOf } from "../scenario-scope";
import { scopeComparison } from "../scope-comparison";
import { WhatIfInputError } from "../whatif-inputs";
import { resultHeadline, simulationDetails } from "./describe-simulation";
import { loadInputBands } from "./load-input-bands";
import { loadScopeFacts } from "./load-scope-facts";
import { planTrafficPieces } from "./load-traffic-profile";
import { loadWhatIfInputs } from "./load-whatif-inputs";
import { startSimulationThread } from "./simulate-off-loop";

export const LATENCY_SEED = 1;

const unreachable = (what: string): never => {
  throw new Error(what);
};

export interface RunScenarioDeps {
  db: DbClient;
  /** The same database as db's: the simulation thread reads the traffic over a connection of its own. */
  databaseUrl: string;
  /** Percent done (also written to the row). */
  onProgress?: (percent: number) => Promise<void> | void;
}

export type RunOutcome = "succeeded" | "gone" | "already-finished";

export async function runWhatIfScenario(deps: RunScenarioDeps, resultId: string): Promise<RunOutcome> {
  const { db, databaseUrl } = deps;
  const found = await db.scenarioResult.findUnique({
    where: { id: resultId },
    select: { status: true, scenario: { select: { orgId: true, rules: true, orgWide: true, projectIds: true, org: { select: { timezone: true } } } } },
  });
  if (!found) return "gone";
  if (found.status !== "queued" && found.status !== "running") return "already-finished";
  const claimed = await db.scenarioResult.updateMany({ where: { id: resultId, status: { in: ["queued", "running"] } }, data: { status: "running", startedAt: new Date(), progress: 0, error: null } });
  if (claimed.count === 0) return "already-finished";
  const progress = async (percent: number) => {
    await db.scenarioResult.updateMany({ where: { id: resultId, status: "running" }, data: { progress: percent } });
    await deps.onProgress?.(percent);
  };

  const { orgId, orgWide, projectIds } = found.scenario;
  const parsed = scenarioSchema.safeParse(found.scenario.rules);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WhatIfInputError("scenario", `the stored scenario is not valid (${issue.path.join(".") || "scenario"}: ${issue.message}); create it again`);
  }
  const scenario = parsed.data;

  const { sim, details } = await computeScenario({ db, databaseUrl }, { orgId, projectIds: orgWide ? null : projectIds, timeZone: found.scenario.org.timezone }, scenario, progress);
  const stored = await db.scenarioResult.updateMany({
    where: { id: resultId, status: "running" },
    data: { status: "succeeded", progress: 100, ...resultHeadline(sim), details: details as Prisma.InputJsonValue, computedAt: new Date() },
  });
  if (stored.count === 0) return "gone";
  await deps.onProgress?.(100);
  return "succeeded";
}

export interface ScenarioScope {
  orgId: string;
  /** Null: the whole org. */
  projectIds: readonly string[] | null;
  /** The org's zone: days in the result, and the daily rollup's days. */
  timeZone: string;
}

/** Everything a run computes, without the result row: the job's work, and what bench:whatif times. */
export async function computeScenario(deps: { db: DbClient; databaseUrl: string }, scope: ScenarioScope, scenario: Scenario, progress: (percent: number) => Promise<void> = async () => {}) {
  const { db } = deps;
  const inputs = await loadWhatIfInputs(db, scope.orgId);
  const issues = checkScenarioAgainstCatalog(scenario, inputs.catalog, inputs.suiteIds);
  if (issues.length > 0) throw new WhatIfInputError(issues[0]!.path.join("."), issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  await progress(20);

  const range = { orgId: scope.orgId, projectIds: scope.projectIds, from: new Date(scenario.range.from), to: new Date(scenario.range.to) };
  // By day where exact, unless a local burst needs the hours (load-traffic-profile.ts).
  const byDay = scenario.localBurst ? null : { timeZone: scope.timeZone, priceChanges: [...inputs.catalog.values()].flatMap((m) => m.versions.map((v) => v.effectiveFrom)) };
  // The thread starts (its code is built once per process) while the pieces are planned, reads the
  // traffic itself and simulates; only the answer comes back (simulate-thread-entry.ts). It is
  // stopped whatever happens.
  const thread = startSimulationThread();
  let read: Promise<void> = Promise.resolve();
  const { sim, read: traffic, scopeModels } = await planTrafficPieces(db, range, projectionFor(scenario.rules.map((r) => r.match)), byDay)
    .then((plan) => thread.run(
      { scenario, traffic: { databaseUrl: deps.databaseUrl, plan }, catalog: inputs.catalog, quality: inputs.quality, latency: inputs.latency, ratioPairs: inputs.measuredPairs, seed: LATENCY_SEED, timeZone: scope.timeZone },
      () => void (read = progress(60)),
    ))
    .then((result) => ({ ...result, read: result.read ?? unreachable("the thread answered without reading the traffic") }))
    .finally(thread.stop);
  await read;
  await progress(90);

  // SCOPE per rule: the models that served what it moved, against where it moved it.
  const sources = [...new Set(scopeModels.flatMap((r) => r.sources))];
  const [facts, bands] = await Promise.all([
    loadScopeFacts(db, scope.orgId, [...new Set(scopeModels.flatMap((r) => [...r.sources, ...r.targets]))]),
    loadInputBands(db, { ...range, timeZone: scope.timeZone, models: sources }),
  ]);
  const factsOf = new Map(facts.map((f) => [f.alias, f]));
  const ruleScopes = scopeModels.map((r) => {
    const largestInput = largestInputOf(r.sources, bands);
    // A source can also be the burst's cloud spill: one row per model.
    const models = [...new Set([...r.sources, ...r.targets])].flatMap((a) => (factsOf.has(a) ? [factsOf.get(a)!] : []));
    return { ...r, largestInput, rows: scopeComparison(models, inputs.quality, inputs.latency, largestInput) };
  });

  const details = simulationDetails(sim, {
    traffic: { from: range.from, to: range.to, cells: traffic.cells, groups: traffic.groups, notRerouted: traffic.notRerouted },
    inputs: { runs: inputs.runs, ratioPairs: inputs.ratioPairs },
    seed: LATENCY_SEED,
    scope: ruleScopes,
  });
  return { sim, details, cells: traffic.cells };
}
